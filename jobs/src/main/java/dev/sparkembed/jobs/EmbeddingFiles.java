package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

/** Reading embed outputs (Parquet or JSON Lines folders) as inputs of later jobs. */
public final class EmbeddingFiles {

  /** Rows read from the head of each file when looking for a first non-null vector. */
  private static final int PEEK_ROWS = 1000;

  private EmbeddingFiles() {}

  /** The embed output's data files, checked to exist; format from their extension. */
  public static List<FileStatus> dataFiles(String location, String what, Configuration conf) {
    try {
      Path path = new Path(location);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw new UserInputException(what + " " + location + " does not exist");
      }
      FileStatus status = fs.getFileStatus(path);
      List<FileStatus> files = status.isFile() ? List.of(status) : Arrays.stream(fs.listStatus(path))
          .filter(s -> s.isFile() && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."))
          .sorted(Comparator.comparing(s -> s.getPath().getName()))
          .toList();
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
    List<FileStatus> files = dataFiles(location, what, conf);
    try {
      for (FileStatus file : files) {
        int dim = isJson(files) ? jsonDimension(file.getPath(), embeddingCol, conf) : parquetDimension(file.getPath(), embeddingCol, conf);
        if (dim >= 0) {
          return dim;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new UserInputException("cannot read " + what + " " + location + " as an embed output: " + firstLine(e));
    }
    throw new UserInputException(what + " " + location + " has no non-null '" + embeddingCol + "' in the first "
        + PEEK_ROWS + " rows of any file");
  }

  private static int parquetDimension(Path file, String embeddingCol, Configuration conf) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
      Group row;
      for (int n = 0; n < PEEK_ROWS && (row = reader.read()) != null; n++) {
        if (!row.getType().containsField(embeddingCol)) {
          throw new UserInputException("no column '" + embeddingCol + "' in " + file);
        }
        if (row.getFieldRepetitionCount(embeddingCol) > 0) {
          Group list = row.getGroup(embeddingCol, 0);
          return list.getFieldRepetitionCount(0); // the repeated "list" group of Parquet's LIST encoding
        }
      }
      return -1;
    }
  }

  private static int jsonDimension(Path file, String embeddingCol, Configuration conf) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getFileSystem(conf).open(file), StandardCharsets.UTF_8))) {
      String line;
      for (int n = 0; n < PEEK_ROWS && (line = in.readLine()) != null; n++) {
        JsonNode value = json.readTree(line).get(embeddingCol);
        if (value != null && value.isArray()) {
          return value.size();
        }
      }
      return -1;
    }
  }

  /** Reads an embed output folder with Spark. */
  public static Dataset<Row> read(SparkSession spark, String location, Configuration conf) {
    return isJson(dataFiles(location, "input", conf)) ? spark.read().json(location) : spark.read().parquet(location);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** A corpus of texts by id (JSON Lines, CSV with a header, or Parquet), to join back to embeddings. */
  public static Dataset<Row> readTextCorpus(SparkSession spark, String path, Configuration conf) {
    String name = EmbeddingFiles.dataFiles(path, "text corpus", conf).get(0).getPath().getName();
    InputFormat format = InputFormat.fromFileName(name).orElse(InputFormat.PARQUET);
    return switch (format) {
      case JSONL -> spark.read().json(path);
      case CSV -> spark.read().option("header", "true").csv(path);
      case PARQUET -> spark.read().parquet(path);
      case TEXT -> throw new UserInputException("text corpus " + path + " is plain text, which has no ids to join on");
    };
  }
}
