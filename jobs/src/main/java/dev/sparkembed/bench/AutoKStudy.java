package dev.sparkembed.bench;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.cluster.ClusteringMetrics;
import dev.sparkembed.cluster.KSweep;
import dev.sparkembed.similarity.VectorBlock;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How well each way of choosing k tracks the topics: on a labelled embed output, cosine k-means at
 * every k of a range on a seeded sample, the NMI against the labels at each k, and the statistics
 * auto-k may choose from. The rows are what BENCHMARKS.md's auto-k table is computed from.
 */
public final class AutoKStudy {

  private AutoKStudy() {}

  /**
   * @return the choice (k, knee, BIC's k, NMI there, best NMI over the range and its k, their
   *     ratio) and under "curve" one map per k: k, nmi, within and total squares, Calinski–Harabasz, BIC
   */
  public static Map<String, Object> run(SparkSession spark, String embeddings, String labelCol, int kMin, int kMax,
      int sampleRows, long seed, PrintWriter log) {
    Dataset<Row> rows = spark.read().parquet(embeddings)
        .filter(col("embedding").isNotNull().and(col(labelCol).isNotNull())).select(col("id"), col("embedding"), col(labelCol));
    long n = rows.count();
    List<Row> sample = (n > sampleRows ? rows.sample(false, 1.2 * sampleRows / n, seed).limit(sampleRows) : rows).collectAsList();
    String[] labels = new String[sample.size()];
    VectorBlock block = unitBlock(sample, labels);
    long start = System.nanoTime();
    List<KSweep.Fit> fits = KSweep.run(block, kMin, kMax, seed);
    log.printf("%s: %d rows, sweep %d..%d in %.1f s%n", embeddings, sample.size(), kMin, kMax, (System.nanoTime() - start) / 1e9);
    KSweep.Choice choice = KSweep.choose(fits);
    List<Map<String, Object>> out = new ArrayList<>();
    for (KSweep.Fit fit : fits) {
      Map<Integer, Map<String, Long>> counts = new HashMap<>();
      for (int i = 0; i < labels.length; i++) {
        counts.computeIfAbsent(fit.assignment()[i], c -> new HashMap<>()).merge(labels[i], 1L, Long::sum);
      }
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("k", fit.k());
      point.put("chosen", fit.k() == choice.k());
      point.put("nmi", ClusteringMetrics.of(counts).nmi());
      point.put("within", fit.withinSquares());
      point.put("total", fit.totalSquares());
      point.put("ch", fit.calinskiHarabasz());
      point.put("bic", fit.bic());
      out.add(point);
    }
    Map<String, Object> best = out.stream().max(java.util.Comparator.comparingDouble(p -> (Double) p.get("nmi"))).orElseThrow();
    double chosenNmi = (Double) out.get(choice.k() - kMin).get("nmi");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input", embeddings);
    result.put("rows", labels.length);
    result.put("seed", seed);
    result.put("k", choice.k());
    result.put("knee_k", choice.kneeK());
    result.put("bic_k", choice.bicK());
    result.put("nmi", chosenNmi);
    result.put("best_nmi", best.get("nmi"));
    result.put("best_k", best.get("k"));
    result.put("ratio", chosenNmi / (Double) best.get("nmi"));
    log.printf("  chosen k=%d (knee %d, BIC %d): NMI %.3f, best %.3f at k=%s, ratio %.3f%n", choice.k(), choice.kneeK(), choice.bicK(),
        chosenNmi, (Double) best.get("nmi"), best.get("k"), chosenNmi / (Double) best.get("nmi"));
    result.put("curve", out);
    return result;
  }

  static VectorBlock unitBlock(List<Row> rows, String[] labels) {
    int dim = rows.get(0).getList(1).size();
    String[] ids = new String[rows.size()];
    float[] data = new float[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      ids[i] = r.getString(0);
      labels[i] = r.getString(2);
      List<Float> v = r.getList(1);
      double norm = 0;
      for (float x : v) {
        norm += (double) x * x;
      }
      double scale = norm == 0 ? 1 : 1 / Math.sqrt(norm);
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = (float) (v.get(d) * scale);
      }
    }
    return new VectorBlock(ids, data, dim);
  }
}
