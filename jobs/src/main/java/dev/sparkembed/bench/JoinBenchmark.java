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
