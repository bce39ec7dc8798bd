package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.similarity.VectorBlock;
import org.junit.jupiter.api.Test;

class GaussianReferenceTest {

  @Test
  void drawsHaveTheSamplesMeanAndCovariance() {
    VectorBlock sample = Blobs.of(3, 100, 5, 0.6, 2);
    double[][] expected = covariance(rowsOf(sample.size(), 5, i -> sample.vector(i)), 5);
    int n = 200_000;
    float[] drawn = GaussianReference.of(sample).drawUnscaled(n, 11);
    double[][] actual = covariance(rowsOf(n, 5, i -> java.util.Arrays.copyOfRange(drawn, i * 5, i * 5 + 5)), 5);
    double[] sampleMean = mean(rowsOf(sample.size(), 5, i -> sample.vector(i)), 5);
    double[] drawnMean = mean(rowsOf(n, 5, i -> java.util.Arrays.copyOfRange(drawn, i * 5, i * 5 + 5)), 5);
    for (int a = 0; a < 5; a++) {
      assertEquals(sampleMean[a], drawnMean[a], 0.005, "mean " + a);
      for (int b = 0; b < 5; b++) {
        // The standard error of a covariance entry from 200,000 draws is about 0.0005 here.
        assertEquals(expected[a][b], actual[a][b], 0.004, "covariance " + a + "," + b);
      }
    }
  }

  @Test
  void drawsAreUnitRowsAndRepeatForASeed() {
    VectorBlock sample = Blobs.of(2, 30, 6, 0.3, 4);
    GaussianReference reference = GaussianReference.of(sample);
    VectorBlock drawn = reference.draw(50, 3);
    assertEquals(50, drawn.size());
    for (int i = 0; i < drawn.size(); i++) {
      double norm = 0;
      for (float x : drawn.vector(i)) {
        norm += x * x;
      }
      assertEquals(1, norm, 1e-5);
    }
    assertArrayEquals(drawn.vector(7), reference.draw(50, 3).vector(7));
  }

  @Test
  void fewerRowsThanDimensionsStillDraw() {
    // Five rows in 12 dimensions: the covariance has rank 4, its other eigenvalues round to about 0.
    VectorBlock sample = Blobs.of(5, 1, 12, 0.1, 6);
    float[] drawn = GaussianReference.of(sample).drawUnscaled(20, 1);
    for (float x : drawn) {
      assertTrue(Float.isFinite(x));
    }
  }

  @Test
  void oneRowIsRefused() {
    VectorBlock sample = Blobs.of(1, 1, 4, 0.1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianReference.of(sample));
    assertEquals("a reference needs at least 2 rows, got 1", e.getMessage());
  }

  private static float[][] rowsOf(int n, int dim, java.util.function.IntFunction<float[]> row) {
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = row.apply(i);
    }
    return rows;
  }

  private static double[] mean(float[][] rows, int dim) {
    double[] mean = new double[dim];
    for (float[] r : rows) {
      for (int d = 0; d < dim; d++) {
        mean[d] += r[d] / (double) rows.length;
      }
    }
    return mean;
  }

  /** The population covariance, summed directly. */
  private static double[][] covariance(float[][] rows, int dim) {
    double[] mean = mean(rows, dim);
    double[][] c = new double[dim][dim];
    for (float[] r : rows) {
      for (int a = 0; a < dim; a++) {
        for (int b = 0; b < dim; b++) {
          c[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / rows.length;
        }
      }
    }
    return c;
  }
}
