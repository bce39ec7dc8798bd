package dev.sparkembed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.JoinJob;
import dev.sparkembed.jobs.JoinJobConfig;
import dev.sparkembed.jobs.JoinSummary;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** exact vs ivf vs lsh self-joins (top-10) on real embeddings, in one run. */
public final class JoinBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JoinBenchmark() {}

  /**
   * @param lshMaxRows LSH is skipped above this size: MLlib materialises every bucket collision as
   *     a candidate pair, which grows with the square of the rows
   */
  public static Map<String, Object> run(SparkSession spark, Path embeddings, List<Integer> sizes, List<String> methods,
      int k, int recallSample, int lshMaxRows, Path work, Path out, PrintWriter log) throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("embeddings", embeddings.toString());
    report.put("k", k);
    report.put("recall_sample", recallSample);
    report.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    Map<String, Object> bySize = new LinkedHashMap<>();
    for (int n : sizes) {
      Path subset = work.resolve("emb-" + n);
      if (!Files.exists(subset)) {
        // The first n rows by id: the same subset on every run.
        spark.read().parquet(embeddings.toString()).select("id", "embedding").orderBy("id").limit(n)
            .write().mode(SaveMode.Overwrite).parquet(subset.toString());
      }
      log.printf("== self-join top-%d on %,d vectors%n", k, n);
      log.flush();
      Map<String, Object> results = new LinkedHashMap<>();
      for (String method : methods) {
        if (method.equals("lsh") && n > lshMaxRows) {
          results.put(method, Map.of("skipped", "above --lsh-max-rows " + lshMaxRows
              + ": MLlib LSH materialises every bucket collision; candidate pairs grow with rows squared"));
          log.printf("  %-6s skipped above %,d rows%n", method, lshMaxRows);
          continue;
        }
        resetHeapPeaks();
        if (method.equals(EXACT_BOTH_WAYS)) {
          Map<String, Object> row = exactBothWays(spark, subset, k, work.resolve("pairs-" + n + "-" + method));
          results.put(method, row);
          log.printf("  %-15s %9.1f s   peak heap %,6d MB%n", method, (double) row.get("seconds"), (long) row.get("peak_heap_mb"));
          log.flush();
          continue;
        }
        Map<String, Object> settings = new java.util.HashMap<>(Map.of("left", subset.toString(), "k", k, "method", method,
            "seed", 42L, "output", work.resolve("pairs-" + n + "-" + method).toString(), "mode", "overwrite"));
        if (!method.equals("exact")) {
          settings.put("recall-sample", recallSample);
        }
        JoinJobConfig config = ConfigFiles.of(JoinJobConfig.class, settings).validate();
        JoinSummary summary = JoinJob.run(spark, config);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seconds", summary.seconds());
        row.put("recall_at_k", method.equals("exact") ? 1.0 : summary.recall());
        row.put("peak_heap_mb", heapPeakMb());
        row.put("pairs", summary.pairs());
        if (summary.lists() != null) {
          row.put("lists", summary.lists());
          row.put("probes", summary.probes());
          row.put("largest_list", summary.largestList());
        }
        results.put(method, row);
        log.printf("  %-6s %9.1f s   recall@%d %-7s peak heap %,6d MB%n", method, summary.seconds(), k,
            row.get("recall_at_k"), (long) row.get("peak_heap_mb"));
        log.flush();
      }
      Map<String, Object> ratios = new LinkedHashMap<>();
      if (results.containsKey("exact") && results.containsKey(EXACT_BOTH_WAYS)) {
        ratios.put("exact_both_ways_seconds_over_exact", ratio(results.get(EXACT_BOTH_WAYS), results.get("exact")));
        ratios.put("exact_outputs", sameOutput(spark, work.resolve("pairs-" + n + "-exact"), work.resolve("pairs-" + n + "-" + EXACT_BOTH_WAYS)));
      }
      if (results.containsKey("exact") && results.containsKey("ivf")) {
        ratios.put("exact_seconds_over_ivf", ratio(results.get("exact"), results.get("ivf")));
      }
      if (results.containsKey("lsh") && !((Map<?, ?>) results.get("lsh")).containsKey("skipped") && results.containsKey("ivf")) {
        ratios.put("lsh_seconds_over_ivf", ratio(results.get("lsh"), results.get("ivf")));
      }
      results.put("ratios", ratios);
      log.printf("  ratios %s%n", ratios);
      bySize.put(Integer.toString(n), results);
      Files.createDirectories(out.toAbsolutePath().getParent());
      report.put("sizes", bySize);
      JSON.writeValue(out.toFile(), report); // after each size, so a long run leaves partial results
    }
    return report;
  }

  /**
   * Not a join method users pick: the exact self-join as it ran before block pairs were scored
   * once (each pair of blocks multiplied twice, once per direction), for a side-by-side timing. It
   * does what {@code JoinJob} does for {@code --method exact} (read, prepare the side, join, write)
   * with the right side a second {@link dev.sparkembed.similarity.JoinSide} of the same rows.
   */
  static final String EXACT_BOTH_WAYS = "exact-both-ways";

  private static Map<String, Object> exactBothWays(SparkSession spark, Path subset, int k, Path output) {
    long start = System.nanoTime();
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = spark.read().parquet(subset.toString());
    dev.sparkembed.similarity.JoinSide left = dev.sparkembed.similarity.JoinSide.of(rows, "id", "embedding");
    dev.sparkembed.similarity.JoinSide right = dev.sparkembed.similarity.JoinSide.of(rows, "id", "embedding");
    new dev.sparkembed.similarity.ExactJoin().join(spark, left, right,
            new dev.sparkembed.similarity.JoinSpec(k, null, true, dev.sparkembed.similarity.JoinSpec.DEFAULT_BLOCK_ROWS))
        .pairs().write().mode(SaveMode.Overwrite).parquet(output.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    left.release();
    right.release();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("seconds", Math.round(seconds * 1000) / 1000.0);
    row.put("peak_heap_mb", heapPeakMb());
    row.put("pairs", spark.read().parquet(output.toString()).count());
    return row;
  }

  /** Rows of (left, right, rank) in one output and not the other, and the largest score difference over the common ones. */
  private static Map<String, Object> sameOutput(SparkSession spark, Path a, Path b) {
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> x = spark.read().parquet(a.toString());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> y = spark.read().parquet(b.toString());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("only_in_first", x.select("left_id", "right_id", "rank").except(y.select("left_id", "right_id", "rank")).count());
    out.put("only_in_second", y.select("left_id", "right_id", "rank").except(x.select("left_id", "right_id", "rank")).count());
    org.apache.spark.sql.Row max = x.as("x").join(y.as("y"), org.apache.spark.sql.functions.expr(
            "x.left_id = y.left_id and x.right_id = y.right_id"))
        .selectExpr("max(abs(x.score - y.score))", "sum(case when x.score = y.score then 0 else 1 end)").first();
    out.put("max_score_difference", max.isNullAt(0) ? 0.0 : ((Number) max.get(0)).doubleValue());
    out.put("scores_not_bitwise_equal", max.isNullAt(1) ? 0L : ((Number) max.get(1)).longValue());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static double ratio(Object slow, Object fast) {
    double a = (double) ((Map<String, Object>) slow).get("seconds");
    double b = (double) ((Map<String, Object>) fast).get("seconds");
    return Math.round(a / b * 100) / 100.0;
  }

  static void resetHeapPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the last reset (an upper bound of the peak heap in use). */
  static long heapPeakMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }
}
