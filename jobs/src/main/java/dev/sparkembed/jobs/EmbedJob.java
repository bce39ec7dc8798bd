package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelLocator;
import dev.sparkembed.spark.EmbedColumns;
import dev.sparkembed.spark.EmbedMetrics;
import dev.sparkembed.spark.EmbedPartitionFunction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** read → embed → write, then an exact summary. */
public final class EmbedJob {

  private static final Logger LOG = LoggerFactory.getLogger(EmbedJob.class);

  public static final String REJECTED_DIR = "_rejected";
  public static final String SUMMARY_FILE = "_summary.json";

  private EmbedJob() {}

  /**
   * Checks everything that can be checked without Spark: paths, formats, the model (loaded and
   * tried once). Throws a one-line {@link UserInputException} or model error.
   */
  public static InputFormat preflight(EmbedJobConfig config, Configuration hadoopConf) {
    InputFormat format = OutputPaths.checkInput(config.input(), config.inputFormat(), hadoopConf);
    OutputFormat output = config.outputFormatValue();
    output.lake().ifPresent(lake -> lake.requireLibrary());
    if (output == OutputFormat.ICEBERG) {
      // The output is a catalog name; the files this job writes itself go to --summary-dir.
      OutputPaths.checkOutput(config.summaryFolder(), config.input(), WriteMode.OVERWRITE, hadoopConf);
    } else {
      // A table path that holds a table is what merge expects; error mode still refuses it.
      WriteMode mode = config.writeMode() == WriteMode.MERGE ? WriteMode.OVERWRITE : config.writeMode();
      OutputPaths.checkOutput(config.output(), config.input(), mode, hadoopConf);
    }
    ModelLocator.resolve(config.model(), hadoopConf);
    ModelCache.get(config.model(), config.intraOpThreads());
    return format;
  }

  /**
   * Spark's CSV parser checks a row's field count only when it parses every column; with column
   * pruning a short or long row would be both embedded and rejected. Off for the job.
   */
  static final String CSV_COLUMN_PRUNING = "spark.sql.csv.parser.columnPruning.enabled";

  /**
   * Embedding costs so much per byte that Spark's default 128 MB splits make few, skewed tasks
   * (one core idles while the last task runs). 16 MB is a few minutes of work per task on one
   * core. Used unless the user set spark.sql.files.maxPartitionBytes.
   */
  static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";
  static final String EMBED_PARTITION_BYTES = "16m";

  /**
   * Spark packs files into splits of at least this many bytes (default 4 MB), so a small file is
   * one task and needed a shuffle to reach every core. Opening a file costs far less than
   * embedding 64 KB of text, and with this cost Spark splits small inputs over the task slots
   * itself. Used unless the user set spark.sql.files.openCostInBytes.
   */
  static final String OPEN_COST_BYTES = "spark.sql.files.openCostInBytes";
  static final String EMBED_OPEN_COST_BYTES = "64k";

  /** The split sizes for a job that embeds its input as it reads it. */
  private static final Map<String, String> TEXT_SPLITS =
      Map.of(MAX_PARTITION_BYTES, EMBED_PARTITION_BYTES, OPEN_COST_BYTES, EMBED_OPEN_COST_BYTES);

  public static EmbedSummary run(SparkSession spark, EmbedJobConfig config) {
    return run(spark, config, EmbedMetrics.register(spark.sparkContext()));
  }

  /** Runs with caller-owned live counters (for progress reporting and benchmarks). */
  public static EmbedSummary run(SparkSession spark, EmbedJobConfig config, EmbedMetrics metrics) {
    if (config.outputFormatValue().lake().isPresent()) {
      throw new IllegalArgumentException("a table output runs through runToTable");
    }
    return withEmbedSettings(spark, TEXT_SPLITS, () -> runWithSessionSettings(spark, config, metrics));
  }

  /**
   * The embed job into a Delta or Iceberg table ({@link TableEmbedJob}); returns its summary.
   * Without the small splits: this job spreads what it embeds over the task slots itself, and
   * 16 MB splits of the table's vectors, which its comparison and MERGE scan, made seven times the
   * tasks for the same work (21 for a 200,000-row Delta table of six files, against 3).
   */
  public static Map<String, Object> runToTable(SparkSession spark, EmbedJobConfig config) {
    return withEmbedSettings(spark, Map.of(CACHED_PLAN_PARTITIONING, "true"), () -> {
      InputFormat format = preflight(config, spark.sparkContext().hadoopConfiguration());
      return TableEmbedJob.run(spark, config, format);
    });
  }

  /** The job's summary line, whichever the output. */
  public static String runAndSummarize(SparkSession spark, EmbedJobConfig config) {
    return config.outputFormatValue().lake().isPresent() ? Json.line(runToTable(spark, config)) : run(spark, config).toJson();
  }

  /**
   * A table job caches its comparison of the input with the table; without this, adaptive
   * execution may not coalesce a cached plan's shuffle partitions, and 200 tiny tasks cost more
   * than the work.
   */
  static final String CACHED_PLAN_PARTITIONING = "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning";

  /**
   * Runs {@code job} with the embed settings: the CSV parser's and {@code defaults} where the user
   * set none; restores the session's after.
   */
  private static <T> T withEmbedSettings(SparkSession spark, Map<String, String> defaults,
      java.util.function.Supplier<T> job) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(CSV_COLUMN_PRUNING, "false");
    defaults.forEach((key, value) -> {
      if (!spark.conf().contains(key)) {
        settings.put(key, value);
      }
    });
    Map<String, String> previous = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      previous.put(key, spark.conf().contains(key) ? spark.conf().get(key) : null);
      spark.conf().set(key, value);
    });
    try {
      return job.get();
    } finally {
      previous.forEach((key, value) -> {
        if (value == null) {
          spark.conf().unset(key);
        } else {
          spark.conf().set(key, value);
        }
      });
    }
  }

  private static EmbedSummary runWithSessionSettings(SparkSession spark, EmbedJobConfig config, EmbedMetrics metrics) {
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    InputFormat format = preflight(config, hadoopConf);
    ModelLabel label = modelLabel(config);
    String modelLabel = label.toString();
    long start = System.nanoTime();

    Corpus corpus = CorpusReader.read(spark, format, config.input(), config);
    long read = System.nanoTime();
    Dataset<Row> rows = corpus.rows();
    int slots = spark.sparkContext().defaultParallelism();
    if (rows.rdd().getNumPartitions() < slots) {
      // An unsplittable file (gzip), or one under about 64 KB per task slot, is one partition:
      // spread it so every task slot embeds.
      rows = rows.repartition(slots);
    }
    Dataset<Row> embedded = embedded(rows, corpus.textCol(), config.keepCols().contains(corpus.textCol()), config,
        label, metrics);

    SaveMode saveMode = SaveMode.Overwrite; // emptiness was checked in preflight for mode=error
    OutputFormat outputFormat = config.outputFormatValue();
    try (ProgressReporter progress = config.progressSeconds() == 0 ? null : ProgressReporter.start(spark.sparkContext(),
        metrics.rows(), InputRowEstimate.inBackground(format, config.input(), hadoopConf),
        Duration.ofSeconds(config.progressSeconds()), LOG::info)) {
      write(embedded, outputFormat, saveMode, config.output());
    }
    long embeddedAt = System.nanoTime();
    long rejected = writeRejected(spark, corpus, outputFormat, config.summaryFolder());
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("phases: read schema {} s, embed and write {} s, rejected records {} s",
        String.format("%.1f", (read - start) / 1e9), String.format("%.1f", (embeddedAt - read) / 1e9),
        String.format("%.1f", (System.nanoTime() - embeddedAt) / 1e9));

    EmbedSummary summary = summarize(spark, config, corpus, embedded.schema(), rejected, modelLabel, seconds);
    OutputPaths.writeText(config.summaryFolder() + "/" + SUMMARY_FILE, summary.toJson() + "\n", hadoopConf);
    return summary;
  }

  /**
   * The rows with the embed job's output columns appended (each partition embedded by one task,
   * batched by length), the text column dropped unless {@code keepText}.
   */
  public static Dataset<Row> embedded(Dataset<Row> rows, String textCol, boolean keepText, EmbedJobConfig config,
      ModelLabel label, EmbedMetrics metrics) {
    StructType schema = rows.schema();
    Dataset<Row> embedded = rows.mapPartitions(
        new EmbedPartitionFunction(config.model(), label, config.embedSettings(), schema.fieldIndex(textCol), metrics),
        Encoders.row(EmbedColumns.appendTo(schema)));
    return keepText ? embedded : embedded.drop(textCol);
  }

  /** What the {@code model} column records: the model the driver resolved (loaded once per JVM) and the prefix. */
  static ModelLabel modelLabel(EmbedJobConfig config) {
    return new ModelLabel(ModelCache.get(config.model(), config.intraOpThreads()).files().label(), config.prefix());
  }

  private static void write(Dataset<Row> rows, OutputFormat format, SaveMode mode, String path) {
    switch (format) {
      case PARQUET -> rows.write().mode(mode).parquet(path);
      case JSONL -> rows.write().mode(mode).json(path);
      default -> throw new IllegalArgumentException("not a file format: " + format);
    }
  }

  private static Dataset<Row> readBack(SparkSession spark, OutputFormat format, StructType schema, String... paths) {
    return switch (format) {
      case PARQUET -> spark.read().schema(schema).parquet(paths);
      case JSONL -> spark.read().schema(schema).json(paths);
      default -> throw new IllegalArgumentException("not a file format: " + format);
    };
  }

  /**
   * Writes the corpus's malformed records to {@code folder/_rejected} and counts them from the
   * written files (exact even when Spark retried tasks); 0 for formats that cannot hold any. The
   * main pass counted them as it read: only an input that has some is read again.
   */
  static long writeRejected(SparkSession spark, Corpus corpus, OutputFormat format, String folder) {
    if (corpus.rejected() == null) {
      return 0;
    }
    String path = folder + "/" + REJECTED_DIR;
    Dataset<Row> rejected = corpus.rejectedSeen().value() > 0
        ? corpus.rejected()
        : spark.createDataFrame(List.of(), corpus.rejected().schema());
    write(rejected, format, SaveMode.Overwrite, path);
    // Spark skips a folder named _* even when it is named directly, so name its files.
    String[] files = OutputPaths.dataFiles(path, spark.sparkContext().hadoopConfiguration());
    return files.length == 0 ? 0 : readBack(spark, format, corpus.rejected().schema(), files).count();
  }

  private static EmbedSummary summarize(SparkSession spark, EmbedJobConfig config, Corpus corpus, StructType outputSchema,
      long rejected, String modelLabel, double seconds) {
    OutputFormat format = config.outputFormatValue();
    Row stats = readBack(spark, format, outputSchema, config.output()).agg(
        count(lit(1)),
        sum(when(col(EmbedColumns.STATUS).equalTo(EmbeddedText.OK), 1).otherwise(0)),
        sum(when(col(EmbedColumns.STATUS).equalTo(EmbeddedText.NULL_TEXT), 1).otherwise(0)),
        sum(when(col(EmbedColumns.TRUNCATED), 1).otherwise(0)),
        sum(col(EmbedColumns.N_TOKENS)),
        count(col(corpus.idCol())),
        countDistinct(col(corpus.idCol()))).first();
    long rows = stats.getLong(0);
    long tokens = stats.isNullAt(4) ? 0 : stats.getLong(4);
    long nonNullIds = stats.getLong(5);
    long rowsRead = rows + rejected;
    return new EmbedSummary(
        rowsRead,
        stats.isNullAt(1) ? 0 : stats.getLong(1),
        stats.isNullAt(2) ? 0 : stats.getLong(2),
        stats.isNullAt(3) ? 0 : stats.getLong(3),
        rejected,
        nonNullIds - stats.getLong(6),
        rows - nonNullIds,
        corpus.generatedIds(),
        tokens,
        round(seconds, 3),
        round(rowsRead / seconds, 1),
        round(tokens / seconds, 1),
        modelLabel,
        config.input(),
        config.output());
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
