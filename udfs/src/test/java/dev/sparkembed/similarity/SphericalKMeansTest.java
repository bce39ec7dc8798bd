package dev.sparkembed.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {

  @Test
  void findsWellSeparatedClusters() {
    // 4 orthogonal centres in 16-d, 2,000 noisy unit vectors around them (10,000 rows: 3 parts).
    int dim = 16;
    float[][] centres = new float[4][dim];
    for (int c = 0; c < 4; c++) {
      centres[c][c * 4] = 1f;
    }
    Random random = new Random(3);
    List<IdVector> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      float[] v = centres[i % 4].clone();
      for (int d = 0; d < dim; d++) {
        v[d] += (float) random.nextGaussian() * 0.1f;
      }
      rows.add(new IdVector("r" + i, SimilarityJoinTest.unit(v)));
    }
    VectorBlock block = VectorBlock.of(rows, dim);
    VectorBlock fitted = SphericalKMeans.fit(block, 4, 25, 42);
    assertEquals(4, fitted.size());
    for (float[] centre : centres) {
      float best = -1;
      float[] row = new float[dim];
      for (int c = 0; c < 4; c++) {
        fitted.copyRow(c, row, 0);
        float dot = 0;
        float norm = 0;
        for (int d = 0; d < dim; d++) {
          dot += row[d] * centre[d];
          norm += row[d] * row[d];
        }
        assertEquals(1f, norm, 1e-4f, "centroids are unit vectors");
        best = Math.max(best, dot);
      }
      assertTrue(best > 0.99f, "a centroid sits on each true centre: best cosine " + best);
    }
    // Same seed, same centroids.
    VectorBlock again = SphericalKMeans.fit(block, 4, 25, 42);
    float[] a = new float[dim];
    float[] b = new float[dim];
    for (int c = 0; c < 4; c++) {
      fitted.copyRow(c, a, 0);
      again.copyRow(c, b, 0);
      assertArrayEquals(a, b);
    }
  }

  @Test
  void kMustFitTheRows() {
    VectorBlock two = VectorBlock.of(List.of(new IdVector("a", new float[] {1, 0}), new IdVector("b", new float[] {0, 1})), 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SphericalKMeans.fit(two, 3, 5, 1));
    assertEquals("k must be within [1, 2], got 3", e.getMessage());
  }
}
