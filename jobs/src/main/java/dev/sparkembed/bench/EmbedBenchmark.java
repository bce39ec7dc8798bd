package dev.sparkembed.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.EmbedSummary;
import dev.sparkembed.spark.EmbedMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Side-by-side throughput of (a) the engine alone, (b) the embed job end to end, and (c) the naive
 * row-at-a-time way, on the same texts in one run, so that ratios survive a noisy machine.
 */
public final class EmbedBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Engine settings tried for the ceiling; the best one counts. */
  static final List<EngineCeiling.Setting> ENGINE_SETTINGS = List.of(
      new EngineCeiling.Setting(2, 1, 64, 256),
      new EngineCeiling.Setting(2, 1, 64, 1024),
      new EngineCeiling.Setting(2, 1, 64, 16_384),
      new EngineCeiling.Setting(1, 2, 64, 256),
      new EngineCeiling.Setting(2, 1, 1, Integer.MAX_VALUE));

  /** ONNX Runtime's own thread choice (one per physical core), as DJL's Spark extension gets it. */
  static final int NAIVE_THREADS = 0;

  static final int WARM_UP_LINES = 1000;

  private EmbedBenchmark() {}

  /**
   * @param corpora name → JSON Lines file with a {@code text} column
   * @return the results, also written to {@code out} as JSON
   */
  public static Map<String, Object> run(SparkSession spark, Map<String, Path> corpora, String model, String int8Model,
      Path work, Path out, PrintWriter log) throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", model);
    report.put("int8_model", int8Model);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("spark_master", spark.sparkContext().master());
    if (!corpora.isEmpty()) {
      warmUp(spark, corpora.values().iterator().next(), model, int8Model, work.resolve("warm-up"), log);
    }
    Map<String, Object> results = new LinkedHashMap<>();
    for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
      log.printf("== %s (%s)%n", corpus.getKey(), corpus.getValue());
      log.flush();
      results.put(corpus.getKey(), measureCorpus(spark, corpus.getValue(), model, int8Model, work.resolve(corpus.getKey()), log));
    }
    report.put("corpora", results);
    if (int8Model != null && !corpora.isEmpty()) {
      List<String> sample = readTexts(corpora.values().iterator().next());
      sample = sample.subList(0, Math.min(2000, sample.size()));
      log.printf("== int8 fidelity and batch dependence (%d texts of the first corpus)%n", sample.size());
      Map<String, Object> quantization = QuantizationReport.measure(model, int8Model, sample);
      quantization.forEach((k, v) -> log.printf("  %-45s %s%n", k, v));
      log.flush();
      report.put("int8", quantization);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    JSON.writeValue(out.toFile(), report);
    return report;
  }

  /**
   * Issue #18's comparison alone: (a') ONNX Runtime called directly, (a) the same through DJL, both
   * 2 workers x 1 thread with the job's CPU batch limits, and (b) the embed job, on each corpus.
   */
  public static Map<String, Object> engineVsJob(SparkSession spark, Map<String, Path> corpora, String model, Path work,
      Path out, PrintWriter log) throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", model);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    if (!corpora.isEmpty()) {
      Path head = warmUpHead(corpora.values().iterator().next(), work.resolve("warm-up"));
      runJob(spark, head, model, work.resolve("warm-up/job"));
    }
    EngineCeiling.Setting setting = ENGINE_SETTINGS.get(0);
    Map<String, Object> results = new LinkedHashMap<>();
    for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
      log.printf("== %s (%s)%n", corpus.getKey(), corpus.getValue());
      log.flush();
      List<String> texts = readTexts(corpus.getValue());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("texts", texts.size());
      RawOrtEngine.Result raw = RawOrtEngine.measure(model, texts, setting);
      log.printf("  (a') raw ONNX Runtime, %-50s %9.1f texts/s (tokenizing them all first: %.1f s)%n", setting.name(),
          raw.textsPerSecond(), raw.tokenizeSeconds());
      log.flush();
      EngineCeiling.Result djl = EngineCeiling.measure(model, texts, setting);
      log.printf("  (a)  through DJL,        %-50s %9.1f texts/s%n", setting.name(), djl.textsPerSecond());
      log.flush();
      Map<String, Object> job = runJob(spark, corpus.getValue(), model, work.resolve(corpus.getKey() + "-job"));
      double b = (double) job.get("texts_per_second");
      log.printf("  (b)  embed job %62.1f texts/s%n", b);
      Map<String, Object> rawRow = row("raw ONNX Runtime, " + setting.name(), raw.seconds(), raw.texts(), raw.tokens(),
          raw.paddedTokens());
      rawRow.put("tokenize_seconds", round(raw.tokenizeSeconds()));
      result.put("a_prime_raw_ort", rawRow);
      result.put("a_djl", row(setting.name(), djl.seconds(), djl.texts(), djl.tokens(), djl.paddedTokens()));
      result.put("b_job", job);
      Map<String, Object> ratios = new LinkedHashMap<>();
      ratios.put("job_over_raw_ort", round(b / raw.textsPerSecond()));
      ratios.put("djl_over_raw_ort", round(djl.textsPerSecond() / raw.textsPerSecond()));
      result.put("ratios", ratios);
      log.printf("  ratios  (b)/(a') = %.3f   (a)/(a') = %.3f%n", b / raw.textsPerSecond(),
          djl.textsPerSecond() / raw.textsPerSecond());
      log.flush();
      results.put(corpus.getKey(), result);
    }
    report.put("corpora", results);
    Files.createDirectories(out.toAbsolutePath().getParent());
    JSON.writeValue(out.toFile(), report);
    return report;
  }

  private static Path warmUpHead(Path corpus, Path work) throws IOException {
    Files.createDirectories(work);
    Path head = work.resolve("head.jsonl");
    try (var lines = Files.lines(corpus)) {
      Files.write(head, (Iterable<String>) lines.limit(WARM_UP_LINES)::iterator);
    }
    return head;
  }

  /**
   * The engine is measured warm (after a first batch); the job and the naive way get the same: one
   * unmeasured run each on the first {@value #WARM_UP_LINES} lines, so that neither pays for
   * class loading and JIT compilation of Spark's code paths in its measured run.
   */
  private static void warmUp(SparkSession spark, Path corpus, String model, String int8Model, Path work, PrintWriter log)
      throws IOException {
    Path head = warmUpHead(corpus, work);
    long start = System.nanoTime();
    runJob(spark, head, model, work.resolve("job"));
    runJob(spark, head, int8Model, work.resolve("job-int8"));
    runNaive(spark, head, model, NAIVE_THREADS, work.resolve("naive"));
    log.printf("== warm-up: job, int8 job and naive on the first %d lines of %s, %.1f s, not measured%n",
        WARM_UP_LINES, corpus.getFileName(), (System.nanoTime() - start) / 1e9);
    log.flush();
  }

  private static Map<String, Object> measureCorpus(
      SparkSession spark, Path corpus, String model, String int8Model, Path work, PrintWriter log) throws Exception {
    List<String> texts = readTexts(corpus);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("texts", texts.size());

    // (a) the engine ceiling: best of several settings
    List<Map<String, Object>> engineRuns = new ArrayList<>();
    EngineCeiling.Result best = null;
    for (EngineCeiling.Setting setting : ENGINE_SETTINGS) {
      EngineCeiling.Result r = EngineCeiling.measure(model, texts, setting);
      engineRuns.add(row(setting.name(), r.seconds(), r.texts(), r.tokens(), r.paddedTokens()));
      log.printf("  engine  %-70s %9.1f texts/s%n", setting.name(), r.textsPerSecond());
      log.flush();
      if (best == null || r.textsPerSecond() > best.textsPerSecond()) {
        best = r;
      }
    }
    result.put("engine_settings", engineRuns);
    result.put("a_engine_ceiling", row(best.setting().name(), best.seconds(), best.texts(), best.tokens(), best.paddedTokens()));

    // (b) the embed job, end to end: read JSON Lines, embed, write Parquet
    Map<String, Object> job = runJob(spark, corpus, model, work.resolve("job"));
    log.printf("  job     %-70s %9.1f texts/s%n", "embed job, fp32", (double) job.get("texts_per_second"));
    Map<String, Object> jobInt8 = runJob(spark, corpus, int8Model, work.resolve("job-int8"));
    log.printf("  job     %-70s %9.1f texts/s%n", "embed job, int8", (double) jobInt8.get("texts_per_second"));
    result.put("b_job", job);
    result.put("b_job_int8", jobInt8);

    // (c) the naive way: model per partition, one row per call, engine threads as DJL leaves them;
    // and the same with one engine thread per task, to show what batching alone gains
    Map<String, Object> naive = runNaive(spark, corpus, model, NAIVE_THREADS, work.resolve("naive"));
    log.printf("  naive   %-70s %9.1f texts/s%n", "model per partition, row at a time, ORT default threads",
        (double) naive.get("texts_per_second"));
    Map<String, Object> naiveOneThread = runNaive(spark, corpus, model, 1, work.resolve("naive-1"));
    log.printf("  naive   %-70s %9.1f texts/s%n", "model per partition, row at a time, 1 ORT thread per task",
        (double) naiveOneThread.get("texts_per_second"));
    result.put("c_naive", naive);
    result.put("c_naive_one_thread", naiveOneThread);

    double a = best.textsPerSecond();
    double b = (double) job.get("texts_per_second");
    double c = (double) naive.get("texts_per_second");
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("job_over_engine", round(b / a));
    ratios.put("job_over_naive", round(b / c));
    ratios.put("job_over_naive_one_thread", round(b / (double) naiveOneThread.get("texts_per_second")));
    ratios.put("int8_job_over_fp32_job", round((double) jobInt8.get("texts_per_second") / b));
    result.put("ratios", ratios);
    log.printf("  ratios  (b)/(a) = %.3f   (b)/(c) = %.2f   int8/fp32 job = %.2f%n",
        b / a, b / c, (double) jobInt8.get("texts_per_second") / b);
    log.flush();
    return result;
  }

  private static Map<String, Object> runJob(SparkSession spark, Path corpus, String model, Path output) {
    EmbedJobConfig config = ConfigFiles.of(EmbedJobConfig.class, Map.of("input", corpus.toString(), "input-format", "jsonl",
        "output", output.toString(), "model", model, "progress-seconds", 0, "mode", "overwrite")).validate();
    EmbedMetrics metrics = EmbedMetrics.register(spark.sparkContext());
    EmbedSummary summary = EmbedJob.run(spark, config, metrics);
    Map<String, Object> row = row("embed job (" + model + ")", summary.seconds(), summary.rowsRead(), summary.tokens(),
        metrics.paddedTokens().value());
    row.put("summary", JSON.valueToTree(summary));
    return row;
  }

  private static Map<String, Object> runNaive(SparkSession spark, Path corpus, String model, int threads, Path output) {
    long start = System.nanoTime();
    Dataset<Row> input = spark.read().json(corpus.toString()).select("id", "text");
    int slots = spark.sparkContext().defaultParallelism();
    if (input.rdd().getNumPartitions() < slots) {
      input = input.repartition(slots); // the same parallelism the job gets
    }
    StructType schema = new StructType()
        .add("id", input.schema().apply("id").dataType())
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    input.mapPartitions(new NaivePartitionFunction(model, 1, threads), Encoders.row(schema))
        .write().mode(SaveMode.Overwrite).parquet(output.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = spark.read().parquet(output.toString()).count();
    return row("naive (" + model + ", " + (threads == 0 ? "ORT default threads" : threads + " ORT thread(s)") + ")",
        seconds, rows, -1, -1);
  }

  private static Map<String, Object> row(String what, double seconds, long texts, long tokens, long paddedTokens) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("what", what);
    row.put("seconds", round(seconds));
    row.put("texts", texts);
    row.put("texts_per_second", round(texts / seconds));
    if (tokens >= 0) {
      row.put("real_tokens_per_second", round(tokens / seconds));
      row.put("padding_efficiency", paddedTokens > 0 ? round((double) tokens / paddedTokens) : null);
    }
    return row;
  }

  private static List<String> readTexts(Path corpus) throws IOException {
    List<String> texts = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(corpus)) {
      for (String line; (line = reader.readLine()) != null; ) {
        JsonNode text = JSON.readTree(line).get("text");
        if (text != null && !text.isNull()) {
          texts.add(text.asText());
        }
      }
    }
    return texts;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
