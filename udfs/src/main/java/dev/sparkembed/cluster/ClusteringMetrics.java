package dev.sparkembed.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * External clustering quality against true labels, from the contingency table of (cluster,
 * label) counts: normalised mutual information (arithmetic-mean normalisation, as scikit-learn's
 * default), adjusted Rand index and purity.
 */
public final class ClusteringMetrics {

  /** @param nmi in [0, 1]; @param ari in [-1, 1], 0 for chance; @param purity in (0, 1] */
  public record Scores(double nmi, double ari, double purity) {}

  private ClusteringMetrics() {}

  /** @param counts (cluster, label) → number of items */
  public static <C, L> Scores of(Map<C, Map<L, Long>> counts) {
    Map<C, Long> clusterSizes = new HashMap<>();
    Map<L, Long> labelSizes = new HashMap<>();
    long n = 0;
    long purityHits = 0;
    double pairsBoth = 0;
    for (Map.Entry<C, Map<L, Long>> cluster : counts.entrySet()) {
      long best = 0;
      for (Map.Entry<L, Long> cell : cluster.getValue().entrySet()) {
        long c = cell.getValue();
        clusterSizes.merge(cluster.getKey(), c, Long::sum);
        labelSizes.merge(cell.getKey(), c, Long::sum);
        n += c;
        best = Math.max(best, c);
        pairsBoth += pairs(c);
      }
      purityHits += best;
    }
    if (n == 0) {
      throw new IllegalArgumentException("no items");
    }
    double mutualInformation = 0;
    for (Map.Entry<C, Map<L, Long>> cluster : counts.entrySet()) {
      double a = clusterSizes.get(cluster.getKey());
      for (Map.Entry<L, Long> cell : cluster.getValue().entrySet()) {
        double c = cell.getValue();
        if (c > 0) {
          mutualInformation += c / n * Math.log(n * c / (a * labelSizes.get(cell.getKey())));
        }
      }
    }
    double hClusters = entropy(clusterSizes, n);
    double hLabels = entropy(labelSizes, n);
    double mean = (hClusters + hLabels) / 2;
    double nmi = mean == 0 ? 1.0 : Math.max(0, mutualInformation / mean);

    double pairsClusters = clusterSizes.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
    double pairsLabels = labelSizes.values().stream().mapToDouble(ClusteringMetrics::pairs).sum();
    double expected = pairsClusters * pairsLabels / pairs(n);
    double max = (pairsClusters + pairsLabels) / 2;
    double ari = max == expected ? 1.0 : (pairsBoth - expected) / (max - expected);
    return new Scores(nmi, ari, (double) purityHits / n);
  }

  private static double pairs(double count) {
    return count * (count - 1) / 2;
  }

  private static <K> double entropy(Map<K, Long> sizes, long n) {
    double h = 0;
    for (long size : sizes.values()) {
      if (size > 0) {
        double p = (double) size / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
