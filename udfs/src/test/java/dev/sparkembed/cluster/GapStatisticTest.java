package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.similarity.VectorBlock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GapStatisticTest {

  @Test
  void fiveSeparatedBlobsGiveKFive() {
    VectorBlock rows = Blobs.of(5, 60, 24, 0.15, 7);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 12, 42);
    GapStatistic.Choice choice = GapStatistic.choose(GapStatistic.curve(rows, fits, 5, 42));
    assertEquals(5, choice.k(), choice.toString());
    assertEquals(11, choice.curve().size());
    assertTrue(choice.reason().startsWith("k = 5 "), choice.reason());
    // The gap rises to the true k: four blobs merged into three clusters are far looser than
    // structureless rows cut in three.
    assertTrue(choice.curve().get(3).gap() > choice.curve().get(1).gap() + 0.5, choice.curve().toString());
  }

  @Test
  void rowsWithNoClustersGiveTheSmallestK() {
    // One Gaussian scaled to unit rows, as sentence embeddings are: near a mean direction, five
    // times wider along four axes than along the others. Its k-means cost falls fast with k; a
    // reference that ignored the covariance (directions uniform around the mean) would fall more
    // slowly, and the gap would rise with k as if there were clusters.
    int n = 600;
    int dim = 96;
    Random random = new Random(3);
    float[] data = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      double[] v = new double[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (d == 0 ? 0.5 : 0) + random.nextGaussian() * (d >= 1 && d <= 4 ? 0.18 : 0.09);
        norm += v[d] * v[d];
      }
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = (float) (v[d] / Math.sqrt(norm));
      }
    }
    VectorBlock rows = new VectorBlock(new String[n], data, dim);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 15, 42);
    GapStatistic.Choice choice = GapStatistic.choose(GapStatistic.curve(rows, fits, 5, 42));
    assertEquals(2, choice.k(), choice.toString());
    for (GapStatistic.Point point : choice.curve()) {
      assertTrue(Math.abs(point.gap()) < 0.1, "no clusters, no gap: " + point);
    }
  }

  @Test
  void theChoiceIsTheSmallestKWithinOneStandardErrorOfTheHighestGap() {
    List<GapStatistic.Point> curve = List.of(
        new GapStatistic.Point(2, 0.10, 0.01),
        new GapStatistic.Point(3, 0.30, 0.01),
        new GapStatistic.Point(4, 0.50, 0.01),
        new GapStatistic.Point(5, 0.46, 0.01),
        new GapStatistic.Point(6, 0.52, 0.05));
    GapStatistic.Choice choice = GapStatistic.choose(curve);
    assertEquals(4, choice.k(), "0.50 >= 0.52 - 0.05; 0.30 is not");
    assertEquals(6, choice.highestK());
    assertEquals("k = 4 is the smallest k whose gap statistic (0.5000) is within one standard error (0.0500) of the highest "
        + "(0.5200 at k = 6): more clusters are no tighter, beyond the noise, against those k-means finds in rows with no "
        + "clusters", choice.reason());

    GapStatistic.Choice highest = GapStatistic.choose(List.of(
        new GapStatistic.Point(2, 0.10, 0.01), new GapStatistic.Point(3, 0.30, 0.01)));
    assertEquals(3, highest.k());
    assertTrue(highest.reason().startsWith("k = 3 has the highest gap statistic (0.3000)"), highest.reason());
  }

  @Test
  void theCurveRepeatsForASeedAndHasAStandardErrorFromTheReferences() {
    VectorBlock rows = Blobs.of(3, 40, 8, 0.4, 5);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 6, 1);
    List<GapStatistic.Point> curve = GapStatistic.curve(rows, fits, 4, 9);
    assertEquals(curve, GapStatistic.curve(rows, fits, 4, 9));
    assertEquals(List.of(2, 3, 4, 5, 6), curve.stream().map(GapStatistic.Point::k).toList());
    for (GapStatistic.Point point : curve) {
      assertTrue(point.standardError() > 0 && point.standardError() < 0.1, point.toString());
    }
  }

  @Test
  void theSweepsGiveTheSameFitsAndCurveOnAnyNumberOfThreads() {
    VectorBlock rows = Blobs.of(4, 50, 16, 0.3, 11);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 9, 3);
    List<GapStatistic.Point> sequential = GapStatistic.curve(rows, fits, 5, 3);
    for (int threads : new int[] {1, 2, 6, 32}) {
      GapStatistic.Sweep sweep = GapStatistic.sweep(rows, 2, 9, 5, 3, threads);
      assertEquals(sequential, sweep.curve(), threads + " threads");
      assertEquals(fits.size(), sweep.fits().size());
      for (int i = 0; i < fits.size(); i++) {
        assertArrayEquals(fits.get(i).assignment(), sweep.fits().get(i).assignment(), threads + " threads, k = " + fits.get(i).k());
        assertEquals(fits.get(i).withinSquares(), sweep.fits().get(i).withinSquares());
      }
    }
  }

  @Test
  void aBadRangeOrThreadCountIsRefusedAsItIsWithoutThreads() {
    VectorBlock rows = Blobs.of(2, 10, 4, 0.1, 1);
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> GapStatistic.sweep(rows, 2, 20, 5, 1, 4));
    assertEquals("need 2 <= kMin <= kMax < rows (20), got 2..20", range.getMessage());
    IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> GapStatistic.sweep(rows, 2, 3, 5, 1, 0));
    assertEquals("need at least 1 thread, got 0", threads.getMessage());
  }

  @Test
  void tooFewReferencesAreRefused() {
    VectorBlock rows = Blobs.of(2, 10, 4, 0.1, 1);
    List<KSweep.Fit> fits = KSweep.run(rows, 2, 3, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GapStatistic.curve(rows, fits, 1, 1));
    assertEquals("need at least 2 references for a standard error, got 1", e.getMessage());
  }
}
