package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reading embed outputs (Parquet or JSON Lines folders, or Delta tables) as inputs of later jobs. */
public final class EmbeddingFiles {

  /** A catalog table's dimension before a session reads it. */
  public static final int UNKNOWN_DIMENSION = -1;

  private static final java.util.regex.Pattern TABLE_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){1,3}");

  /** Rows read from the head of each file when looking for a first non-null vector. */
  private static final int PEEK_ROWS = 1000;

  /** What a file peeked for a vector gives when it holds no rows at all (-1: rows, but no vector). */
  private static final int NO_ROWS = -2;

  private EmbeddingFiles() {}

  /** The embed output's data files, checked to exist; format from their extension. */
  public static List<FileStatus> dataFiles(String location, String what, Configuration conf) {
    try {
      FileSystem fs = new Path(location).getFileSystem(conf);
      List<FileStatus> files = new ArrayList<>();
      for (FileStatus match : OutputPaths.matches(location, what, conf)) {
        if (match.isFile()) {
          files.add(match);
        } else {
          Arrays.stream(fs.listStatus(match.getPath()))
              .filter(s -> s.isFile() && OutputPaths.isDataFile(s.getPath().getName()))
              .sorted(Comparator.comparing(s -> s.getPath().getName()))
              .forEach(files::add);
        }
      }
      if (LakeFormat.isDeltaTable(location, conf)) {
        // A Delta folder also holds deletion vectors and files that later commits removed: the
        // newest Parquet files are the ones the table's current schema wrote.
        files = files.stream().filter(s -> s.getPath().getName().endsWith(".parquet"))
            .sorted(Comparator.comparingLong(FileStatus::getModificationTime).reversed()).toList();
      }
      if (files.isEmpty()) {
        throw new UserInputException(what + " " + location + " has no data files");
      }
      return files;
    } catch (IOException e) {
      throw new UserInputException("cannot read " + what + " " + location + ": " + e.getMessage());
    }
  }

  static boolean isJson(List<FileStatus> files) {
    String name = files.get(0).getPath().getName();
    return name.endsWith(".json") || name.endsWith(".jsonl");
  }

  /**
   * The dimension of the first non-null vector, read on the driver without Spark, so that a
   * dimension mismatch fails before any stage runs.
   */
  public static int dimension(String location, String what, String embeddingCol, Configuration conf) {
    return dimension(location, what, embeddingCol, conf, false);
  }

  /**
   * As {@link #dimension(String, String, String, Configuration)}, but {@link #UNKNOWN_DIMENSION}
   * for an input with no rows, or no vector in the rows peeked: for jobs whose result on such an
   * input is well defined (no pairs, every row a null-embedding status), which then look for a
   * vector with Spark.
   */
  public static int dimensionIfAny(String location, String what, String embeddingCol, Configuration conf) {
    return dimension(location, what, embeddingCol, conf, true);
  }

  private static int dimension(String location, String what, String embeddingCol, Configuration conf, boolean mayHaveNone) {
    if (isCatalogTable(location, conf)) {
      return UNKNOWN_DIMENSION; // known once a session reads the table
    }
    List<FileStatus> files = dataFiles(location, what, conf);
    boolean anyRows = false;
    try {
      for (FileStatus file : files) {
        int dim = isJson(files) ? jsonDimension(file.getPath(), embeddingCol, conf) : parquetDimension(file.getPath(), embeddingCol, conf);
        if (dim >= 0) {
          return dim;
        }
        anyRows |= dim != NO_ROWS;
      }
    } catch (IOException | RuntimeException e) {
      throw new UserInputException("cannot read " + what + " " + location + " as an embed output: " + firstLine(e));
    }
    if (mayHaveNone) {
      return UNKNOWN_DIMENSION;
    }
    if (!anyRows) {
      throw new UserInputException(what + " " + location + " holds no rows");
    }
    throw new UserInputException(what + " " + location + " has no non-null '" + embeddingCol + "' in the first "
        + PEEK_ROWS + " rows of any file");
  }

  private static int parquetDimension(Path file, String embeddingCol, Configuration conf) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group row;
      int n = 0;
      for (; n < PEEK_ROWS && (row = reader.read()) != null; n++) {
        if (!row.getType().containsField(embeddingCol)) {
          throw new UserInputException("no column '" + embeddingCol + "' in " + file);
        }
        if (row.getType().getType(embeddingCol).isPrimitive()) {
          throw new UserInputException("column '" + embeddingCol + "' in " + file + " is not an array of numbers");
        }
        if (row.getFieldRepetitionCount(embeddingCol) > 0) {
          Group list = row.getGroup(embeddingCol, 0);
          return list.getFieldRepetitionCount(0); // the repeated "list" group of Parquet's LIST encoding
        }
      }
      return n == 0 ? NO_ROWS : -1;
    }
  }

  private static int jsonDimension(Path file, String embeddingCol, Configuration conf) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      for (; n < PEEK_ROWS && (line = in.readLine()) != null; n++) {
        JsonNode value = json.readTree(line).get(embeddingCol);
        if (value != null && value.isArray()) {
          return value.size();
        }
        if (value != null && !value.isNull()) {
          throw new UserInputException("column '" + embeddingCol + "' in " + file + " is not an array of numbers");
        }
      }
      return n == 0 ? NO_ROWS : -1;
    }
  }

  /**
   * Whether {@code location} names a catalog table (an Iceberg table, {@code catalog.db.table})
   * rather than a path: dotted names, no slash or scheme, and no such file or folder.
   */
  public static boolean isCatalogTable(String location, Configuration conf) {
    if (location == null || !TABLE_NAME.matcher(location).matches()) {
      return false;
    }
    try {
      Path path = new Path(location);
      return !path.getFileSystem(conf).exists(path);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The dimension of the first non-null vector of a Dataset (for tables, read by Spark). */
  public static int dimension(Dataset<Row> rows, String embeddingCol) {
    List<Row> first = rows.select(org.apache.spark.sql.functions.size(org.apache.spark.sql.functions.col(embeddingCol)))
        .filter(org.apache.spark.sql.functions.col(embeddingCol).isNotNull()).limit(1).collectAsList();
    return first.isEmpty() ? UNKNOWN_DIMENSION : first.get(0).getInt(0);
  }

  /** Reads an embed output (a folder, a Delta table folder, or a catalog table) with Spark. */
  public static Dataset<Row> read(SparkSession spark, String location, Configuration conf) {
    if (isCatalogTable(location, conf)) {
      try {
        return spark.table(location);
      } catch (RuntimeException e) {
        throw new UserInputException("input " + location + " is neither a path nor a table: " + firstLine(e));
      }
    }
    if (LakeFormat.isDeltaTable(location, conf)) {
      // Through Delta: the folder also holds files that later commits removed or masked.
      return spark.read().format("delta").load(location);
    }
    return isJson(dataFiles(location, "input", conf)) ? spark.read().json(location) : spark.read().parquet(location);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** A corpus of texts by id (JSON Lines, CSV with a header, or Parquet), to join back to embeddings. */
  public static Dataset<Row> readTextCorpus(SparkSession spark, String path, Configuration conf) {
    if (LakeFormat.isDeltaTable(path, conf)) {
      return spark.read().format("delta").load(path);
    }
    String name = EmbeddingFiles.dataFiles(path, "text corpus", conf).get(0).getPath().getName();
    InputFormat format = InputFormat.fromFileName(name).orElse(InputFormat.PARQUET);
    return switch (format) {
      case JSONL -> spark.read().json(path);
      case CSV -> spark.read().options(CorpusReader.csvOptions(EmbedJobConfig.CSV_ESCAPE_QUOTE)).csv(path); // embed's default
      case PARQUET -> spark.read().parquet(path);
      case TEXT -> throw new UserInputException("text corpus " + path + " is plain text, which has no ids to join on");
      case DELTA, ICEBERG -> throw new IllegalStateException("no file name names a table format: " + name);
    };
  }
}
