package dev.sparkembed.similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VectorBlockTest {

  @Test
  void nearestRowsEqualsSortingAllScoresWithTiesToTheLowerIndex() {
    Random random = new Random(3);
    // Coordinates in {-1, 0, 1}: many equal dot products, so tie order matters.
    VectorBlock queries = block(300, 6, random);
    VectorBlock targets = block(40, 6, random);
    for (int top : new int[] {1, 2, 7, 40, 55}) {
      int[][] got = queries.nearestRows(targets, top);
      for (int q = 0; q < queries.size(); q++) {
        float[] scores = new float[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
          scores[t] = dot(queries.vector(q), targets.vector(t));
        }
        int[] want = IntStream.range(0, targets.size()).boxed()
            .sorted(Comparator.comparingDouble((Integer t) -> -scores[t]).thenComparing(t -> t))
            .limit(top).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(want, got[q], "top " + top + ", query " + q);
      }
    }
  }

  @Test
  void kthHighestEqualsSortingOnRandomSortedAndRepeatedValues() {
    Random random = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(700);
      float[] values = new float[n];
      int kind = trial % 3;
      for (int i = 0; i < n; i++) {
        values[i] = kind == 0 ? random.nextFloat() : kind == 1 ? i : random.nextInt(4);
      }
      float[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int k = 1 + random.nextInt(n);
      assertEquals(sorted[n - k], VectorBlock.kthHighest(values.clone(), n, k), "trial " + trial + ", n " + n + ", k " + k);
    }
  }

  @Test
  void nearestRowsOfAnEmptyBlockAreEmpty() {
    VectorBlock queries = block(3, 4, new Random(1));
    VectorBlock empty = new VectorBlock(new String[0], new float[0], 4);
    assertEquals(0, queries.nearestRows(empty, 5)[2].length);
  }

  private static VectorBlock block(int rows, int dim, Random random) {
    String[] ids = new String[rows];
    float[] data = new float[rows * dim];
    for (int i = 0; i < rows; i++) {
      ids[i] = "r" + i;
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] = random.nextInt(3) - 1;
      }
    }
    return new VectorBlock(ids, data, dim);
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int d = 0; d < a.length; d++) {
      sum += a[d] * b[d];
    }
    return sum;
  }
}
