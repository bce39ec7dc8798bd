package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {

  @Test
  void perfectClusteringScoresOne() {
    ClusteringMetrics.Scores s = scores(new int[] {0, 0, 1, 1, 2, 2}, new String[] {"a", "a", "b", "b", "c", "c"});
    assertEquals(1.0, s.nmi(), 1e-12);
    assertEquals(1.0, s.ari(), 1e-12);
    assertEquals(1.0, s.purity(), 1e-12);
  }

  @Test
  void handComputedSmallCase() {
    // clusters {x,x,y} {y,y,z}: contingency [[2,1,0],[0,2,1]], n = 6.
    ClusteringMetrics.Scores s = scores(new int[] {0, 0, 0, 1, 1, 1}, new String[] {"x", "x", "y", "y", "y", "z"});
    // purity = (2 + 2) / 6
    assertEquals(4.0 / 6, s.purity(), 1e-12);
    // ARI: sum C(nij,2) = 1 + 1 = 2; clusters: C(3,2)+C(3,2) = 6; labels: C(2,2)+C(3,2)+C(1,2) = 4;
    // expected = 6*4/15 = 1.6; max = 5; ARI = (2 - 1.6) / (5 - 1.6) = 0.4 / 3.4
    assertEquals(0.4 / 3.4, s.ari(), 1e-12);
    // MI = 2/6 ln(6*2/(3*2)) + 1/6 ln(6*1/(3*3)) + 2/6 ln(6*2/(3*3)) + 1/6 ln(6*1/(3*1))
    double mi = 2.0 / 6 * Math.log(2) + 1.0 / 6 * Math.log(6.0 / 9) + 2.0 / 6 * Math.log(12.0 / 9) + 1.0 / 6 * Math.log(2);
    double hClusters = Math.log(2);
    double hLabels = -(2.0 / 6 * Math.log(2.0 / 6) + 3.0 / 6 * Math.log(3.0 / 6) + 1.0 / 6 * Math.log(1.0 / 6));
    assertEquals(mi / ((hClusters + hLabels) / 2), s.nmi(), 1e-12);
  }

  @Test
  void scikitLearnDocumentationExample() {
    // labels_true = [0,0,0,1,1,1], labels_pred = [0,0,1,1,2,2]: scikit-learn's documented
    // adjusted_rand_score is 0.2424...; NMI = MI / mean(H) = (2/3 ln 2) / ((ln 2 + ln 3) / 2).
    ClusteringMetrics.Scores s = scores(new int[] {0, 0, 1, 1, 2, 2}, new String[] {"0", "0", "0", "1", "1", "1"});
    assertEquals(0.24242424242424243, s.ari(), 1e-12);
    assertEquals((2.0 / 3 * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2), s.nmi(), 1e-12);
    assertEquals(5.0 / 6, s.purity(), 1e-12);
  }

  @Test
  void oneClusterForEverythingHasNoInformation() {
    ClusteringMetrics.Scores s = scores(new int[] {0, 0, 0, 0}, new String[] {"a", "b", "a", "b"});
    assertEquals(0.0, s.nmi(), 1e-12);
    assertEquals(0.0, s.ari(), 1e-12);
    assertEquals(0.5, s.purity(), 1e-12);
  }

  private static ClusteringMetrics.Scores scores(int[] clusters, String[] labels) {
    Map<Integer, Map<String, Long>> counts = new HashMap<>();
    for (int i = 0; i < clusters.length; i++) {
      counts.computeIfAbsent(clusters[i], c -> new HashMap<>()).merge(labels[i], 1L, Long::sum);
    }
    return ClusteringMetrics.of(counts);
  }
}
