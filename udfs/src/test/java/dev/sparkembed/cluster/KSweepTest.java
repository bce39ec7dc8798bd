package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.similarity.VectorBlock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KSweepTest {

  @Test
  void fiveSeparatedBlobsGiveKFiveByTheKneeAndTheBic() {
    VectorBlock rows = Blobs.of(5, 60, 24, 0.15, 7);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 12, 42);
    assertEquals(11, fits.size());
    assertEquals(5, KSweep.knee(fits));
    assertEquals(5, fits.stream().max(java.util.Comparator.comparingDouble(KSweep.Fit::bic)).orElseThrow().k());
    // Each blob is one cluster at k = 5.
    int[] assignment = fits.get(3).assignment();
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(assignment[i % 5], assignment[i], "row " + i);
    }
  }

  @Test
  void withinSquaresFallWithKAndMatchABruteForceSum() {
    VectorBlock rows = Blobs.of(3, 20, 8, 0.5, 3);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 6, 1);
    for (KSweep.Fit fit : fits) {
      assertEquals(bruteForceWithin(rows, fit.assignment(), fit.k()), fit.withinSquares(), 1e-6);
    }
    assertEquals(bruteForceWithin(rows, new int[rows.size()], 1), fits.get(0).totalSquares(), 1e-6);
    assertTrue(fits.get(4).withinShare() < fits.get(0).withinShare());
  }

  @Test
  void theBicIsTheXMeansFormula() {
    // Two clusters of sizes 3 and 1 in 2-D with within squares 6: variance = 6 / (2 * (4 - 2)) = 1.5.
    double logLikelihood = 3 * Math.log(3.0 / 4) + Math.log(1.0 / 4) - 4 * 2 / 2.0 * Math.log(2 * Math.PI * 1.5) - 2 * (4 - 2) / 2.0;
    double parameters = 1 + 2 * 2 + 1;
    assertEquals(logLikelihood - parameters / 2 * Math.log(4), KSweep.bic(new long[] {3, 1}, 6, 2), 1e-12);
  }

  @Test
  void theKneeIsTheFarthestPointBelowTheChord() {
    // Costs 10, 4, 3, 2.5, 2 at k = 2..6: scaled, k = 3 lies farthest below the chord.
    double[] costs = {10, 4, 3, 2.5, 2};
    List<KSweep.Fit> fits = new java.util.ArrayList<>();
    for (int i = 0; i < costs.length; i++) {
      fits.add(new KSweep.Fit(i + 2, new int[10], costs[i], 20, 0));
    }
    assertEquals(3, KSweep.knee(fits));
  }

  @Test
  void plusPlusSeedsAreDistinctRowsAndRepeatForASeed() {
    VectorBlock rows = Blobs.of(4, 10, 6, 0.05, 11);
    float[] seeds = KSweep.plusPlusSeeds(rows, 4, 5);
    assertArrayEquals(seeds, KSweep.plusPlusSeeds(rows, 4, 5));
    // Tight blobs: the squared-distance draw puts one seed in each blob.
    Set<Integer> blobs = new HashSet<>();
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < rows.size(); i++) {
        if (java.util.Arrays.equals(rows.vector(i), java.util.Arrays.copyOfRange(seeds, c * 6, (c + 1) * 6))) {
          blobs.add(i % 4);
        }
      }
    }
    assertEquals(Set.of(0, 1, 2, 3), blobs);
  }

  @Test
  void aBadRangeIsRefused() {
    VectorBlock rows = Blobs.of(2, 3, 4, 0.1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KSweep.run(rows, 2, 6, 1));
    assertEquals("need 2 <= kMin <= kMax < rows (6), got 2..6", e.getMessage());
  }

  private static double bruteForceWithin(VectorBlock rows, int[] assignment, int k) {
    int dim = rows.dim();
    double[][] means = new double[k][dim];
    int[] sizes = new int[k];
    for (int i = 0; i < rows.size(); i++) {
      float[] v = rows.vector(i);
      for (int d = 0; d < dim; d++) {
        means[assignment[i]][d] += v[d];
      }
      sizes[assignment[i]]++;
    }
    double sum = 0;
    for (int i = 0; i < rows.size(); i++) {
      float[] v = rows.vector(i);
      for (int d = 0; d < dim; d++) {
        double diff = v[d] - means[assignment[i]][d] / sizes[assignment[i]];
        sum += diff * diff;
      }
    }
    return sum;
  }
}
