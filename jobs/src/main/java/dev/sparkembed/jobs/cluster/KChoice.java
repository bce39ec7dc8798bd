package dev.sparkembed.jobs.cluster;

import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 2, choose k: the number given, or with {@code --k auto} the best silhouette (cosine) over
 * {@code --k-min..--k-max} on a sample of at most {@value #AUTO_K_SAMPLE} rows.
 *
 * @param curve the silhouette at each k tried (empty when k was given)
 */
public record KChoice(int k, List<Map<String, Object>> curve) {

  public static final int AUTO_K_SAMPLE = 20_000;

  /** @param valid rows with a {@code features} vector; {@code rows} of them */
  public static KChoice of(Dataset<Row> valid, ClusterJobConfig config, long rows) {
    if (!config.autoK()) {
      int k = config.fixedK();
      if (k > rows) {
        throw new UserInputException("--k " + k + " is larger than the number of rows with embeddings (" + rows + ")");
      }
      return new KChoice(k, List.of());
    }
    List<Map<String, Object>> curve = new ArrayList<>();

    Dataset<Row> sample = (rows > AUTO_K_SAMPLE ? valid.sample(false, 1.2 * AUTO_K_SAMPLE / rows, config.seed()).limit(AUTO_K_SAMPLE) : valid)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long n = sample.count();
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = config.kMin(); k <= Math.min(config.kMax(), n - 1); k++) {
      double score = ClusterQuality.silhouette(ClusterFit.model(config.algorithm(), k, config.seed(), sample).transform(sample));
      curve.add(Map.of("k", k, "silhouette", Format.round(score)));
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    sample.unpersist();
    if (best < 0) {
      throw new UserInputException("--k auto needs at least " + (config.kMin() + 1) + " rows with embeddings, got " + n);
    }
    return new KChoice(best, List.copyOf(curve));
  }
}
