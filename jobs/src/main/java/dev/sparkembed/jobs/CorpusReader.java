package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.spark.EmbedColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Reads a corpus in any supported format, splits off malformed records with a reason, checks the
 * id, text and kept columns, and derives deterministic ids when the input has none.
 */
public final class CorpusReader {

  static final String CORRUPT = "_corrupt_record";
  private static final String KEEP = "_spark_embed_keep";
  /** The full path of a record's file, and where its split starts: what derived ids are made of. */
  private static final String FILE_PATH = "_spark_embed_file";
  private static final String BLOCK_START = "_spark_embed_block";
  private static final Map<String, String> PERMISSIVE =
      Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);
  private static final Set<String> OUTPUT_COLUMNS = Set.of(
      EmbedColumns.EMBEDDING, EmbedColumns.N_TOKENS, EmbedColumns.TRUNCATED, EmbedColumns.STATUS, EmbedColumns.MODEL);

  private CorpusReader() {}

  public static Corpus read(SparkSession spark, InputFormat format, String path, EmbedJobConfig config) {
    Dataset<Row> records;
    Dataset<Row> rejected = null;
    LongAccumulator rejectedSeen = null; // only formats that can hold malformed records count them
    switch (format) {
      case PARQUET -> records = withFileName(spark.read().parquet(path));
      case DELTA -> records = spark.read().format("delta").load(path);
      case ICEBERG -> records = spark.table(path);
      case TEXT -> records = withFileName(spark.read().text(path)).withColumnRenamed("value", config.textCol());
      case JSONL -> {
        // Read lines and parse them ourselves: every line is then either a record or a rejection
        // with its raw text, and non-object lines ([1,2], "x") cannot turn into several rows.
        rejectedSeen = rejectsCounter(spark);
        StructType schema = withCorrupt(spark.read().options(PERMISSIVE).json(path).schema());
        Dataset<Row> text = spark.read().text(path);
        // Hive-style folders (date=2026-11-30/...) give partition columns next to "value".
        List<Column> partitions = Arrays.stream(text.columns()).filter(c -> !c.equals("value"))
            .map(c -> col(quote(c))).toList();
        List<Column> lineColumns = new ArrayList<>(List.of(
            col("value"), col("_metadata.file_path").as("file"), col("_metadata.file_path").as(FILE_PATH),
            col("_metadata.file_block_start").as(BLOCK_START),
            from_json(col("value"), schema, PERMISSIVE).as("parsed")));
        lineColumns.addAll(partitions);
        Dataset<Row> lines = text.select(lineColumns.toArray(new Column[0]));
        Column blank = trim(col("value")).equalTo("");
        Column bad = blank.or(col("parsed." + CORRUPT).isNotNull());
        rejected = lines.filter(bad).select(
            col("value").as("raw"),
            when(blank, lit("blank line")).otherwise(lit("malformed JSON")).as("reason"),
            col("file"),
            lit(null).cast(DataTypes.StringType).as("parsed"));
        List<Column> recordColumns = new ArrayList<>(List.of(col("parsed.*"), col(FILE_PATH), col(BLOCK_START)));
        recordColumns.addAll(partitions);
        // The keep flag is a column, not the filter's own condition: Spark moves a filter below a
        // projection of deterministic columns and inlines them, which would parse every line twice
        // (once for the filter, once for the columns); a nondeterministic column stops that.
        records = lines.withColumn(KEEP, countingRejects(bad, rejectedSeen)).filter(col(KEEP))
            .select(recordColumns.toArray(new Column[0])).drop(CORRUPT);
      }
      case CSV -> {
        rejectedSeen = rejectsCounter(spark);
        Map<String, String> csv = csvOptions(config.csvEscape());
        StructType header = spark.read().options(csv).csv(path).schema();
        StructType schema = withCorrupt(header);
        Dataset<Row> table = spark.read().options(csv).options(PERMISSIVE).schema(schema).csv(path)
            .select(col("*"), col("_metadata.file_path").as("file"), col("_metadata.file_path").as(FILE_PATH),
                col("_metadata.file_block_start").as(BLOCK_START));
        Column[] parsedFields = Arrays.stream(header.fieldNames()).map(n -> col(quote(n))).toArray(Column[]::new);
        // Spark refuses a query of the corrupt column alone; the parsed fields also help debugging.
        rejected = table.filter(col(CORRUPT).isNotNull()).select(
            col(CORRUPT).as("raw"),
            lit("malformed CSV: wrong number of fields").as("reason"),
            col("file"),
            to_json(struct(parsedFields)).as("parsed"));
        records = table.filter(countingRejects(col(CORRUPT).isNotNull(), rejectedSeen)).drop(CORRUPT, "file");
      }
      default -> throw new IllegalStateException("unhandled format " + format);
    }
    return selectColumns(records, rejected, rejectedSeen, config);
  }

  /**
   * How CSV files are read, here and where a text corpus is joined by id. A quoted field may hold
   * newlines (RFC 4180; Spark's writer quotes them too): read line by line, Spark cut such a record
   * in two and embedded its first line as the whole text. Whole records make each file one task;
   * the embed job spreads the rows over the task slots.
   *
   * @param csvEscape how a quote inside a quoted field is escaped ({@code --csv-escape}: quote or backslash)
   */
  static Map<String, String> csvOptions(String csvEscape) {
    String escape = EmbedJobConfig.CSV_ESCAPE_BACKSLASH.equals(csvEscape) ? "\\" : "\"";
    return Map.of("header", "true", "multiLine", "true", "escape", escape);
  }

  private static LongAccumulator rejectsCounter(SparkSession spark) {
    return spark.sparkContext().longAccumulator("spark-embed rejected records");
  }

  /**
   * A filter that keeps the good records and counts the bad ones as the main pass reads them, so
   * that a clean input (the usual case) needs no second pass over the files for its rejects.
   * Nondeterministic, so that Spark neither moves nor repeats it.
   */
  private static Column countingRejects(Column bad, LongAccumulator rejectedSeen) {
    UserDefinedFunction keep = udf((UDF1<Boolean, Boolean>) isBad -> {
      if (isBad) {
        rejectedSeen.add(1);
        return false;
      }
      return true;
    }, DataTypes.BooleanType).asNondeterministic();
    return keep.apply(bad);
  }

  private static Corpus selectColumns(
      Dataset<Row> records, Dataset<Row> rejected, LongAccumulator rejectedSeen, EmbedJobConfig config) {
    StructType schema = records.schema();
    List<String> columns = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    boolean fromFiles = columns.contains(FILE_PATH);
    columns.remove(FILE_PATH);
    columns.remove(BLOCK_START);
    String textCol = config.textCol();
    if (columns.isEmpty()) { // an empty JSON Lines or CSV file, or one of blank or malformed lines only: no schema
      throw new UserInputException("input " + config.input() + " holds no records, so it has no text column '" + textCol + "'");
    }
    if (!columns.contains(textCol)) {
      throw new UserInputException("input has no text column '" + textCol + "' (columns: "
          + String.join(", ", columns) + "); name it with --text-col");
    }
    StructField textField = schema.apply(textCol);
    if (!textField.dataType().equals(DataTypes.StringType)) {
      throw new UserInputException("text column '" + textCol + "' is " + textField.dataType().simpleString()
          + ", not a string");
    }
    String idCol = config.idCol() != null ? config.idCol() : EmbedJobConfig.DEFAULT_ID_COL;
    boolean generatedIds = !columns.contains(idCol);
    if (generatedIds && !fromFiles) {
      throw new UserInputException("input table has no id column '" + idCol + "' (columns: " + String.join(", ", columns)
          + "); a table's files change with every commit, so ids cannot come from them: name one with --id-col");
    }
    if (generatedIds && config.idCol() != null) {
      throw new UserInputException("input has no id column '" + idCol + "' (columns: " + String.join(", ", columns)
          + "); leave --id-col out to derive ids from the content");
    }
    if (idCol.equals(textCol)) {
      throw new UserInputException("the id and text columns are both '" + idCol + "'");
    }
    Set<String> selected = new LinkedHashSet<>(List.of(idCol, textCol));
    for (String keep : config.keepCols()) {
      if (!columns.contains(keep)) {
        throw new UserInputException("input has no column '" + keep + "' to keep (columns: " + String.join(", ", columns) + ")");
      }
      if (OUTPUT_COLUMNS.contains(keep)) {
        throw new UserInputException("kept column '" + keep + "' has the name of an output column; rename it first");
      }
      selected.add(keep);
    }
    if (OUTPUT_COLUMNS.contains(idCol)) {
      throw new UserInputException("id column '" + idCol + "' has the name of an output column; rename it first");
    }

    Dataset<Row> rows = generatedIds ? withContentIds(records, idCol, textCol) : records;
    Column[] projection = selected.stream().map(c -> col(quote(c))).toArray(Column[]::new);
    return new Corpus(rows.select(projection), rejected, rejectedSeen, idCol, textCol, generatedIds);
  }

  /**
   * Ids that are the same on every run over the same files, whatever the partitioning: the first
   * 24 hex characters of SHA-256 over the file's full path and the text, with "-2", "-3"... for
   * later repeats of the same text in the same file, numbered in file order. File order is
   * (split start, position within the split): a split is read by one task, in order, so
   * {@code monotonically_increasing_id} orders rows within it, and splits order by their start.
   * An id does not depend on the lines around it, so inserting a line leaves the others' ids alone.
   */
  private static Dataset<Row> withContentIds(Dataset<Row> records, String idCol, String textCol) {
    Column base = substring(sha2(concat_ws("\u001f", col(FILE_PATH), coalesce(col(quote(textCol)), lit("\u0000null"))), 256), 1, 24);
    Column occurrence = row_number().over(Window.partitionBy(col("_id_base")).orderBy(col(BLOCK_START), col("_id_row")));
    return records
        .withColumn("_id_row", monotonically_increasing_id()) // before any shuffle: in scan order
        .withColumn("_id_base", base)
        .withColumn("_id_n", occurrence)
        .withColumn(idCol, when(col("_id_n").equalTo(1), col("_id_base"))
            .otherwise(concat(col("_id_base"), lit("-"), col("_id_n").cast(DataTypes.StringType))))
        .drop("_id_base", "_id_n", "_id_row");
  }

  private static Dataset<Row> withFileName(Dataset<Row> records) {
    return records.select(col("*"), col("_metadata.file_path").as(FILE_PATH), col("_metadata.file_block_start").as(BLOCK_START));
  }

  private static StructType withCorrupt(StructType schema) {
    return Arrays.asList(schema.fieldNames()).contains(CORRUPT) ? schema : schema.add(CORRUPT, DataTypes.StringType);
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
