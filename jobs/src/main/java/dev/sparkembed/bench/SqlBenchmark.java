package dev.sparkembed.bench;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.EmbedSummary;
import dev.sparkembed.spark.EmbedMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL functions against the embed job, side by side in one session: {@code SELECT * FROM
 * embed_table(...)} written to Parquet and the job writing the same columns (it keeps the text),
 * alternating round by round; the row-at-a-time {@code embed(text)} once; then {@code
 * semantic_search} latency over {@value #SEARCH_ROWS} embeddings in a warm session.
 */
public final class SqlBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final int SEARCH_ROWS = 100_000;
  static final List<String> QUERIES = List.of("How do I reset my password?", "train delays in the morning",
      "a recipe for bread", "the history of the city", "what the court decided", "music at the festival",
      "prices went up again", "the team won the final");

  private SqlBenchmark() {}

  public static Map<String, Object> run(SparkSession spark, Map<String, Path> corpora, String model, int rounds,
      Path work, Path out, PrintWriter log) throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("model", model);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("spark_master", spark.sparkContext().master());
    report.put("rounds", rounds);
    Path first = corpora.values().iterator().next();
    Path head = work.resolve("warm-up").resolve("head.jsonl");
    Files.createDirectories(head.getParent());
    try (var lines = Files.lines(first)) {
      Files.write(head, (Iterable<String>) lines.limit(1000)::iterator);
    }
    job(spark, head, model, work.resolve("warm-up/job"));
    embedTable(spark, head, model, work.resolve("warm-up/sql"));
    rowAtATime(spark, head, model, work.resolve("warm-up/row"));
    log.println("== warm-up: job, embed_table and embed() on 1000 lines, not measured");
    log.flush();

    Map<String, Object> results = new LinkedHashMap<>();
    for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
      Map<String, Object> result = new LinkedHashMap<>();
      List<Double> jobSeconds = new ArrayList<>();
      List<Double> sqlSeconds = new ArrayList<>();
      long texts = 0;
      for (int round = 0; round < rounds; round++) {
        double[] j = job(spark, corpus.getValue(), model, work.resolve(corpus.getKey() + "/job"));
        double[] s = embedTable(spark, corpus.getValue(), model, work.resolve(corpus.getKey() + "/sql"));
        texts = (long) j[1];
        if ((long) s[1] != texts) {
          throw new IllegalStateException("embed_table wrote " + (long) s[1] + " rows, the job " + texts);
        }
        jobSeconds.add(j[0]);
        sqlSeconds.add(s[0]);
        log.printf("  %-18s round %d: job %.1f s, embed_table %.1f s (%d rows)%n", corpus.getKey(), round + 1, j[0], s[0], texts);
        log.flush();
      }
      double[] row = rowAtATime(spark, corpus.getValue(), model, work.resolve(corpus.getKey() + "/row"));
      double job = median(jobSeconds);
      double sql = median(sqlSeconds);
      result.put("texts", texts);
      result.put("job_seconds", jobSeconds);
      result.put("embed_table_seconds", sqlSeconds);
      result.put("row_at_a_time_seconds", round(row[0]));
      result.put("embed_table_throughput_over_job", round(job / sql));
      result.put("row_at_a_time_throughput_over_embed_table", round(sql / row[0]));
      log.printf("  %-18s median job %.1f s, embed_table %.1f s: embed_table at %.3fx the job's throughput; "
          + "embed(text) row at a time %.1f s = %.3fx embed_table's%n", corpus.getKey(), job, sql, job / sql, row[0],
          sql / row[0]);
      log.flush();
      results.put(corpus.getKey(), result);
    }
    report.put("corpora", results);
    report.put("semantic_search", search(spark, work.resolve(corpora.keySet().iterator().next() + "/job"), work, log));
    Files.createDirectories(out.toAbsolutePath().getParent());
    JSON.writeValue(out.toFile(), report);
    return report;
  }

  /** The embed job, keeping the text so that it writes what {@code SELECT *} from embed_table does. */
  private static double[] job(SparkSession spark, Path corpus, String model, Path output) {
    EmbedJobConfig config = ConfigFiles.of(EmbedJobConfig.class, Map.of("input", corpus.toString(), "input-format",
        "jsonl", "output", output.toString(), "model", model, "progress-seconds", 0, "mode", "overwrite",
        "keep-cols", List.of("text"))).validate();
    EmbedSummary summary = EmbedJob.run(spark, config, EmbedMetrics.register(spark.sparkContext()));
    return new double[] {summary.seconds(), summary.rowsRead()};
  }

  private static double[] embedTable(SparkSession spark, Path corpus, String model, Path output) {
    return timedWrite(spark, corpus, "SELECT * FROM embed_table('bench_corpus', 'text', '" + model + "')", output);
  }

  private static double[] rowAtATime(SparkSession spark, Path corpus, String model, Path output) {
    return timedWrite(spark, corpus, "SELECT id, embed(text, '" + model + "') AS embedding, text FROM bench_corpus", output);
  }

  private static double[] timedWrite(SparkSession spark, Path corpus, String sql, Path output) {
    long start = System.nanoTime();
    spark.read().json(corpus.toString()).createOrReplaceTempView("bench_corpus");
    spark.sql(sql).write().mode(SaveMode.Overwrite).parquet(output.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    return new double[] {seconds, spark.read().parquet(output.toString()).count()};
  }

  /** {@value #SEARCH_ROWS} real embeddings (the first corpus's, repeated under new ids), searched warm. */
  private static Map<String, Object> search(SparkSession spark, Path embedded, Path work, PrintWriter log) {
    Dataset<Row> rows = spark.read().parquet(embedded.toString()).select("id", "embedding", "model", "text");
    long n = rows.count();
    Dataset<Row> table = rows.limit(0);
    for (long copy = 0; copy * n < SEARCH_ROWS; copy++) {
      table = table.union(rows.withColumn("id", concat(col("id").cast("string"), lit("#" + copy))));
    }
    Path path = work.resolve("search-table");
    table.limit(SEARCH_ROWS).write().mode(SaveMode.Overwrite).parquet(path.toString());
    spark.read().parquet(path.toString()).createOrReplaceTempView("bench_search");
    spark.sql("CACHE TABLE bench_search_cached AS SELECT * FROM bench_search");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rows", spark.table("bench_search").count());
    result.put("k", 10);
    result.put("queries", QUERIES.size());
    result.put("parquet", searchLatency(spark, "bench_search", log));
    result.put("cached", searchLatency(spark, "bench_search_cached", log));
    spark.sql("UNCACHE TABLE bench_search_cached");
    return result;
  }

  private static Map<String, Object> searchLatency(SparkSession spark, String table, PrintWriter log) {
    spark.sql("SELECT * FROM semantic_search('" + table + "', 'warm up', 10)").collectAsList();
    List<Double> millis = new ArrayList<>();
    for (String query : QUERIES) {
      long start = System.nanoTime();
      List<Row> top = spark.sql("SELECT id, score, rank FROM semantic_search('" + table + "', '"
          + query.replace("'", "''") + "', 10)").collectAsList();
      millis.add((System.nanoTime() - start) / 1e6);
      if (top.size() != 10) {
        throw new IllegalStateException("semantic_search returned " + top.size() + " rows");
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("milliseconds", millis.stream().map(SqlBenchmark::round).toList());
    result.put("median_milliseconds", round(median(millis)));
    log.printf("  semantic_search over %d embeddings (%s), k=10, warm: median %.0f ms per query (%s)%n", SEARCH_ROWS,
        table.endsWith("cached") ? "CACHE TABLE" : "Parquet", median(millis),
        millis.stream().map(m -> String.format("%.0f", m)).toList());
    log.flush();
    return result;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
