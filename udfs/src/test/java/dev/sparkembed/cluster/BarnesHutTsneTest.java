package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.similarity.VectorBlock;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarnesHutTsneTest {

  @Test
  void separatedBlobsStaySeparatedOnTheMap() {
    VectorBlock rows = Blobs.of(4, 50, 32, 0.3, 5);
    double[] xy = BarnesHutTsne.map(rows, BarnesHutTsne.Settings.defaults(1)).xy();
    int n = rows.size();
    double sameBlob = 0;
    for (int i = 0; i < n; i++) {
      for (int j : MapQuality.nearestOnMap(xy, i, 10)) {
        sameBlob += j % 4 == i % 4 ? 1 : 0;
      }
    }
    assertEquals(1.0, sameBlob / (10.0 * n), 1e-9, "each point's 10 nearest on the map are of its blob");
  }

  @Test
  void theSameSeedGivesTheSameMap() {
    VectorBlock rows = Blobs.of(3, 40, 16, 0.6, 9);
    BarnesHutTsne.Settings settings = new BarnesHutTsne.Settings(15, 300, 0.5, 3);
    assertArrayEquals(BarnesHutTsne.map(rows, settings).xy(), BarnesHutTsne.map(rows, settings).xy());
  }

  @Test
  void itKeepsFarMoreNeighboursThanPca() {
    VectorBlock rows = Blobs.of(20, 20, 48, 0.8, 13);
    double tsne = MapQuality.neighboursKept(rows, BarnesHutTsne.map(rows, BarnesHutTsne.Settings.defaults(2)).xy(), 10);
    double pca = MapQuality.neighboursKept(rows, Projection.pca(rows, 2, 2), 10);
    assertTrue(tsne > 2 * pca, "t-SNE " + tsne + " against PCA " + pca);
  }

  @Test
  void calibrationReachesThePerplexity() {
    Random random = new Random(4);
    double[] distances = new double[90];
    for (int j = 0; j < distances.length; j++) {
      distances[j] = 0.2 + random.nextDouble() * 1.5;
    }
    double[] p = BarnesHutTsne.calibrate(distances, 30);
    double entropy = 0;
    double sum = 0;
    for (double v : p) {
      sum += v;
      entropy -= v > 0 ? v * Math.log(v) : 0;
    }
    assertEquals(1.0, sum, 1e-9);
    assertEquals(Math.log(30), entropy, 1e-4);
  }

  @Test
  void jointProbabilitiesAreSymmetricAndSumToOne() {
    VectorBlock rows = Blobs.of(2, 15, 8, 0.5, 2);
    int[][] nearest = BarnesHutTsne.nearestNeighbours(rows, 9);
    BarnesHutTsne.SparseAffinities p = BarnesHutTsne.affinities(rows, nearest, 3);
    double[][] dense = new double[rows.size()][rows.size()];
    double sum = 0;
    for (int i = 0; i < rows.size(); i++) {
      for (int t = p.rowStart()[i]; t < p.rowStart()[i + 1]; t++) {
        dense[i][p.columns()[t]] += p.values()[t];
        sum += p.values()[t];
      }
    }
    assertEquals(1.0, sum, 1e-9);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(0.0, dense[i][i]);
      for (int j = 0; j < rows.size(); j++) {
        assertEquals(dense[i][j], dense[j][i], 1e-15);
      }
    }
  }

  @Test
  void withThetaZeroTheTreeGivesTheExactRepulsion() {
    Random random = new Random(8);
    int n = 60;
    double[] y = new double[2 * n];
    for (int c = 0; c < y.length; c++) {
      y[c] = random.nextGaussian() * 5;
    }
    y[2] = y[0]; // two coincident points
    y[3] = y[1];
    BarnesHutTsne.QuadTree tree = BarnesHutTsne.QuadTree.of(y);
    double[] forces = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double z = tree.repulsion(i, y[2 * i], y[2 * i + 1], 0, forces);
      double exactZ = 0;
      double fx = 0;
      double fy = 0;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          double dx = y[2 * i] - y[2 * j];
          double dy = y[2 * i + 1] - y[2 * j + 1];
          double q = 1 / (1 + dx * dx + dy * dy);
          exactZ += q;
          fx += q * q * dx;
          fy += q * q * dy;
        }
      }
      assertEquals(exactZ, z, 1e-9, "Z share of " + i);
      assertEquals(fx, forces[2 * i], 1e-9, "x force on " + i);
      assertEquals(fy, forces[2 * i + 1], 1e-9, "y force on " + i);
    }
  }

  @Test
  void tinyInputsGetAMapToo() {
    assertEquals(0, BarnesHutTsne.map(Blobs.of(1, 0, 4, 0.1, 1), BarnesHutTsne.Settings.defaults(1)).xy().length);
    assertArrayEquals(new double[] {0, 0}, BarnesHutTsne.map(Blobs.of(1, 1, 4, 0.1, 1), BarnesHutTsne.Settings.defaults(1)).xy());
    assertEquals(10, BarnesHutTsne.map(Blobs.of(1, 5, 4, 0.1, 1), BarnesHutTsne.Settings.defaults(1)).xy().length);
  }
}
