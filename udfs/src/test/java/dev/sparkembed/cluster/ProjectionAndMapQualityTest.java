package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.similarity.VectorBlock;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectionAndMapQualityTest {

  @Test
  void pcaFindsTheAxesOfLargestSpread() {
    // Points spread 10 along (1, 1, 0)/√2, 3 along z, 0.1 along (1, -1, 0)/√2.
    Random random = new Random(1);
    int n = 400;
    float[] data = new float[n * 3];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextGaussian() * 10;
      b[i] = random.nextGaussian() * 3;
      double c = random.nextGaussian() * 0.1;
      data[3 * i] = (float) ((a[i] + c) / Math.sqrt(2));
      data[3 * i + 1] = (float) ((a[i] - c) / Math.sqrt(2));
      data[3 * i + 2] = (float) b[i];
    }
    double[] xy = Projection.pca(new VectorBlock(new String[n], data, 3), 2, 5);
    assertTrue(Math.abs(correlation(xy, 0, a)) > 0.999, "first axis");
    assertTrue(Math.abs(correlation(xy, 1, b)) > 0.999, "second axis");
  }

  @Test
  void aFaithfulMapKeepsAllNeighboursAndAShuffledOneFew() {
    // Unit vectors on a circle in 2-D: their own coordinates are a perfect map.
    int n = 200;
    float[] data = new float[2 * n];
    double[] xy = new double[2 * n];
    Random random = new Random(3);
    for (int i = 0; i < n; i++) {
      double angle = random.nextDouble() * 2 * Math.PI;
      xy[2 * i] = data[2 * i] = (float) Math.cos(angle);
      xy[2 * i + 1] = data[2 * i + 1] = (float) Math.sin(angle);
    }
    VectorBlock rows = new VectorBlock(new String[n], data, 2);
    assertEquals(1.0, MapQuality.neighboursKept(rows, xy, 10), 0.02);
    double[] shuffled = new double[2 * n];
    for (int i = 0; i < n; i++) {
      int j = (i * 7919) % n;
      shuffled[2 * i] = xy[2 * j];
      shuffled[2 * i + 1] = xy[2 * j + 1];
    }
    assertTrue(MapQuality.neighboursKept(rows, shuffled, 10) < 0.2);
  }

  private static double correlation(double[] xy, int column, double[] truth) {
    int n = truth.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += xy[2 * i + column] / n;
      my += truth[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = xy[2 * i + column] - mx;
      double dy = truth[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
