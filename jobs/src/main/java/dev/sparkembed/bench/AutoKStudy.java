package dev.sparkembed.bench;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.cluster.ClusteringMetrics;
import dev.sparkembed.cluster.GapStatistic;
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
 * auto-k may choose from, and the NMI that clusters of the same sizes reach by chance. The rows
 * are what BENCHMARKS.md's auto-k tables are computed from.
 */
public final class AutoKStudy {

  private AutoKStudy() {}

  /**
   * @return the choice (the gap statistic's k, the k with the highest gap, the knee, BIC's k, NMI
   *     at the chosen k, best NMI over the range and its k, their ratio; the same for the
   *     chance-adjusted NMI; seconds for the sample's sweep and for the references') and under
   *     "curve" one map per k: k, nmi, its chance level and adjusted value, within and total
   *     squares, Calinski–Harabasz, BIC, gap and its standard error
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
    double sweepSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    GapStatistic.Choice choice = GapStatistic.choose(GapStatistic.curve(block, fits, GapStatistic.REFERENCES, seed));
    double referenceSeconds = (System.nanoTime() - start) / 1e9;
    log.printf("%s: %d rows, sweep %d..%d in %.1f s, %d references in %.1f s%n", embeddings, sample.size(), kMin, kMax,
        sweepSeconds, GapStatistic.REFERENCES, referenceSeconds);
    int knee = KSweep.knee(fits);
    int bicK = fits.stream().max(java.util.Comparator.comparingDouble(KSweep.Fit::bic)).orElseThrow().k();
    List<Map<String, Object>> out = new ArrayList<>();
    java.util.Random shuffles = new java.util.Random(seed);
    for (int i = 0; i < fits.size(); i++) {
      KSweep.Fit fit = fits.get(i);
      double nmi = nmi(fit.assignment(), labels);
      // NMI grows with k even for clusters that know nothing of the labels, the more so the fewer
      // rows per cluster. Its value for the same cluster sizes dealt at random (mean over shuffles)
      // is the chance level; the adjusted score (NMI - chance) / (1 - chance) is 0 at chance and 1
      // for a perfect match (the arithmetic-mean AMI, chance estimated by permutation).
      double chance = chanceNmi(fit.assignment(), labels, shuffles);
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("k", fit.k());
      point.put("chosen", fit.k() == choice.k());
      point.put("nmi", nmi);
      point.put("chance_nmi", chance);
      point.put("ami", adjusted(nmi, chance));
      point.put("within", fit.withinSquares());
      point.put("total", fit.totalSquares());
      point.put("ch", fit.calinskiHarabasz());
      point.put("bic", fit.bic());
      point.put("gap", choice.curve().get(i).gap());
      point.put("gap_se", choice.curve().get(i).standardError());
      out.add(point);
    }
    Map<String, Object> best = out.stream().max(java.util.Comparator.comparingDouble(p -> (Double) p.get("nmi"))).orElseThrow();
    double chosenNmi = (Double) out.get(choice.k() - kMin).get("nmi");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input", embeddings);
    result.put("rows", labels.length);
    result.put("seed", seed);
    result.put("k", choice.k());
    result.put("highest_gap_k", choice.highestK());
    result.put("knee_k", knee);
    result.put("bic_k", bicK);
    result.put("sweep_seconds", sweepSeconds);
    result.put("reference_seconds", referenceSeconds);
    result.put("nmi", chosenNmi);
    result.put("best_nmi", best.get("nmi"));
    result.put("best_k", best.get("k"));
    result.put("ratio", chosenNmi / (Double) best.get("nmi"));
    Map<String, Object> bestAdjusted = out.stream().max(java.util.Comparator.comparingDouble(p -> (Double) p.get("ami"))).orElseThrow();
    double chosenAmi = (Double) out.get(choice.k() - kMin).get("ami");
    result.put("ami", chosenAmi);
    result.put("best_ami", bestAdjusted.get("ami"));
    result.put("best_ami_k", bestAdjusted.get("k"));
    result.put("ami_ratio", chosenAmi / (Double) bestAdjusted.get("ami"));
    log.printf("  chosen k=%d (highest gap %d, knee %d, BIC %d): NMI %.3f, best %.3f at k=%s, ratio %.3f%n", choice.k(),
        choice.highestK(), knee, bicK,
        chosenNmi, (Double) best.get("nmi"), best.get("k"), chosenNmi / (Double) best.get("nmi"));
    log.printf("  chance-adjusted: AMI %.3f at k=%d, best %.3f at k=%s, ratio %.3f%n", chosenAmi, choice.k(),
        (Double) bestAdjusted.get("ami"), bestAdjusted.get("k"), chosenAmi / (Double) bestAdjusted.get("ami"));
    result.put("curve", out);
    return result;
  }

  /** Random relabellings per k whose mean NMI is the chance level. */
  static final int CHANCE_SHUFFLES = 20;

  /** The mean NMI of {@value #CHANCE_SHUFFLES} random permutations of {@code assignment}: same cluster sizes, no relation to the labels. */
  static double chanceNmi(int[] assignment, String[] labels, java.util.Random random) {
    int[] shuffled = assignment.clone();
    double sum = 0;
    for (int s = 0; s < CHANCE_SHUFFLES; s++) {
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      sum += nmi(shuffled, labels);
    }
    return sum / CHANCE_SHUFFLES;
  }

  /** (NMI - chance) / (1 - chance): 0 at chance, 1 for clusters that are the labels. */
  static double adjusted(double nmi, double chance) {
    return (nmi - chance) / (1 - chance);
  }

  /** The NMI of an assignment against labels (also used by scripts/bench/autok-stability.jsh). */
  public static double nmi(int[] assignment, String[] labels) {
    Map<Integer, Map<String, Long>> counts = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      counts.computeIfAbsent(assignment[i], c -> new HashMap<>()).merge(labels[i], 1L, Long::sum);
    }
    return ClusteringMetrics.of(counts).nmi();
  }

  /** Rows of (id, embedding, label) as unit vectors; {@code labels} receives each row's label. */
  public static VectorBlock unitBlock(List<Row> rows, String[] labels) {
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
