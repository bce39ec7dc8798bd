package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.model.BuiltinModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the embed job takes. A JSON config file uses the CLI's flag names as keys
 * ({@code "input-format"}, {@code "keep-cols"}, ...); flags override the file. Null means "not
 * given": {@link #withDefaults()} fills in defaults, {@link #validate()} checks values. The batch
 * limits stay null when not given: each task takes its device's ({@link EmbedSettings#DEVICE_DEFAULT}).
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record EmbedJobConfig(
    @Flag(value = "File or folder to embed.", label = "PATH") String input,
    @Flag(value = "jsonl, parquet, csv or text (default: from the file extension).", label = "FORMAT") String inputFormat,
    @Flag(value = "Id column (default: id; without one, ids are derived from the file's path and the text).", label = "COL")
    String idCol,
    @Flag(value = "Text column.", label = "COL", defaultValue = DEFAULT_TEXT_COL) String textCol,
    @Flag(value = "Output folder; for --output-format iceberg, a table name (catalog.db.table).", label = "PATH|TABLE")
    String output,
    @Flag(value = "parquet, jsonl, delta (a table at the output path) or iceberg (a catalog table).", label = "FORMAT",
        defaultValue = "parquet") String outputFormat,
    @Flag(value = "Built-in model name or model folder.", label = "NAME|PATH", defaultValue = BuiltinModel.DEFAULT_NAME)
    String model,
    @Flag(value = "Text put before every text, e.g. \"query: \" for E5 queries; recorded in the model column (default: none).",
        label = "TEXT") String prefix,
    @Flag(value = "Most texts per inference call (default: 64 on CPU, 512 on a GPU).", label = "N") Integer batchSize,
    @Flag(value = "Most padded tokens per inference call (default: 256 on CPU, 32768 on a GPU).", label = "N")
    Integer maxBatchTokens,
    @Flag(value = "Rows tokenized and length-sorted together.", label = "N",
        defaultValue = "" + EmbedSettings.DEFAULT_WINDOW_SIZE) Integer windowSize,
    @Flag(value = "ONNX Runtime threads per model (one per task slot is fastest on CPU).", label = "N",
        defaultValue = "" + EmbedSettings.DEFAULT_INTRA_OP_THREADS) Integer intraOpThreads,
    @Flag(value = "Print a progress line every N seconds (0: off).", label = "N", defaultValue = "30") Integer progressSeconds,
    @Flag(value = "Input columns to copy to the output.", label = "A,B") List<String> keepCols,
    @Flag(value = "How a CSV input escapes a quote inside a quoted field: quote (\"\", RFC 4180: pandas, Excel, "
        + "PostgreSQL, BigQuery) or backslash (\\\", Spark's own CSV writer).", label = "quote|backslash",
        defaultValue = CSV_ESCAPE_QUOTE) String csvEscape,
    @Flag(value = "With --mode merge: delete the table's rows whose id is not in the input.", defaultValue = "false")
    Boolean deleteMissing,
    @Flag(value = "With --mode merge: rows embedded per commit; a run killed part-way keeps its commits.", label = "N",
        defaultValue = "" + DEFAULT_COMMIT_ROWS) Integer commitRows,
    @Flag(value = "Folder for _summary.json and _rejected (default: the output folder; needed for an iceberg output).",
        label = "PATH") String summaryDir,
    @FlagGroup SparkRun run) {

  public static final String DEFAULT_ID_COL = "id";
  public static final String DEFAULT_TEXT_COL = "text";
  public static final String CSV_ESCAPE_QUOTE = "quote";
  public static final String CSV_ESCAPE_BACKSLASH = "backslash";
  /** About ten minutes of embedding on a 2-core CPU, seconds on a GPU: what a crash may cost again. */
  public static final int DEFAULT_COMMIT_ROWS = 100_000;

  /** Reads a JSON config file; unknown keys are an error, not silently ignored. */
  public static EmbedJobConfig read(Path file) {
    return ConfigFiles.read(file, EmbedJobConfig.class);
  }

  /** Fills every value not given with its {@link Flag} default. The input format stays null: it comes from the files. */
  public EmbedJobConfig withDefaults() {
    return ConfigFiles.withDefaults(this);
  }

  /** Checks a config after {@link #withDefaults()}; throws a one-line {@link UserInputException}. */
  public EmbedJobConfig validate() {
    require(input != null && !input.isBlank(), "--input is required");
    require(output != null && !output.isBlank(), "--output is required");
    if (inputFormat != null) {
      InputFormat.parse(inputFormat);
    }
    OutputFormat format = OutputFormat.parse(outputFormat);
    WriteMode mode = run.writeMode();
    require(mode != WriteMode.MERGE || format.lake().isPresent(),
        "--mode merge needs a table output: --output-format delta or iceberg, not " + outputFormat);
    require(!deleteMissing || mode == WriteMode.MERGE, "--delete-missing needs --mode merge");
    require(commitRows >= 1, "--commit-rows must be at least 1, got " + commitRows);
    require(format != OutputFormat.ICEBERG || (summaryDir != null && !summaryDir.isBlank()),
        "--output-format iceberg needs --summary-dir PATH: a folder for _summary.json and _rejected");
    require(textCol != null && !textCol.isBlank(), "--text-col must not be empty");
    require(idCol == null || !idCol.isBlank(), "--id-col must not be empty");
    require(batchSize == null || batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
    require(maxBatchTokens == null || maxBatchTokens >= 1, "--max-batch-tokens must be at least 1, got " + maxBatchTokens);
    require(windowSize >= 1, "--window-size must be at least 1, got " + windowSize);
    require(intraOpThreads >= 1, "--intra-op-threads must be at least 1, got " + intraOpThreads);
    require(progressSeconds >= 0, "--progress-seconds must be 0 (off) or more, got " + progressSeconds);
    require(CSV_ESCAPE_QUOTE.equals(csvEscape) || CSV_ESCAPE_BACKSLASH.equals(csvEscape),
        "bad --csv-escape '" + csvEscape + "' (expected quote, backslash)");
    for (String column : keepCols) {
      require(column != null && !column.isBlank(), "--keep-cols has an empty column name");
    }
    return this;
  }

  public EmbedSettings embedSettings() {
    return new EmbedSettings(
        Objects.requireNonNullElse(batchSize, EmbedSettings.DEVICE_DEFAULT),
        Objects.requireNonNullElse(maxBatchTokens, EmbedSettings.DEVICE_DEFAULT),
        windowSize,
        intraOpThreads);
  }

  public WriteMode writeMode() {
    return run.writeMode();
  }

  public OutputFormat outputFormatValue() {
    return OutputFormat.parse(outputFormat);
  }

  /** Where _summary.json and _rejected go. */
  public String summaryFolder() {
    return summaryDir != null ? summaryDir : output;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
