package dev.sparkembed.similarity;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.List;

/**
 * Up to a few thousand unit vectors in one row-major float array, so that scoring two blocks is
 * one matrix product through the BLAS that ships with Spark MLlib.
 */
public final class VectorBlock implements Serializable {

  /** Rows of the left block scored per matrix product: bounds the score buffer to rows x right size. */
  private static final int LEFT_ROWS_PER_PRODUCT = 256;

  private final String[] ids;
  private final float[] data;
  private final int dim;

  public VectorBlock(String[] ids, float[] data, int dim) {
    if (data.length != ids.length * dim) {
      throw new IllegalArgumentException("expected " + ids.length + " x " + dim + " values, got " + data.length);
    }
    this.ids = ids;
    this.data = data;
    this.dim = dim;
  }

  public static VectorBlock of(List<IdVector> rows, int dim) {
    String[] ids = new String[rows.size()];
    float[] data = new float[rows.size() * dim];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).id();
      System.arraycopy(rows.get(i).vector(), 0, data, i * dim, dim);
    }
    return new VectorBlock(ids, data, dim);
  }

  /**
   * For each row of this block, the indices of the {@code top} rows of {@code other} with the
   * highest scores, best first (used to find nearest centroids).
   */
  public int[][] nearestRows(VectorBlock other, int top) {
    int n = other.size();
    int keep = Math.min(top, n);
    int[][] result = new int[ids.length][];
    if (keep <= 0) {
      java.util.Arrays.fill(result, new int[0]);
      return result;
    }
    float[] scores = new float[Math.min(LEFT_ROWS_PER_PRODUCT, Math.max(1, ids.length)) * n];
    int[] heapRows = new int[Math.max(1, keep)];
    float[] heapScores = new float[Math.max(1, keep)];
    BLAS blas = BLAS.getInstance();
    for (int start = 0; start < ids.length; start += LEFT_ROWS_PER_PRODUCT) {
      int m = Math.min(LEFT_ROWS_PER_PRODUCT, ids.length - start);
      product(other, start, m, scores, blas);
      for (int i = 0; i < m; i++) {
        result[start + i] = keep == 1 ? new int[] {argmax(scores, i * n, n)}
            : topRows(scores, i * n, n, keep, heapRows, heapScores);
      }
    }
    return result;
  }

  /**
   * scores[i * n + j] = &lt;row start + i of this block, row j of {@code right}&gt; for i &lt; m: one
   * matrix product, laid out so that each left row's scores are contiguous (column-major n x m).
   */
  private void product(VectorBlock right, int start, int m, float[] scores, BLAS blas) {
    int n = right.size();
    blas.sgemm("T", "N", n, m, dim, 1.0f, right.data, 0, dim, data, start * dim, dim, 0.0f, scores, 0, n);
  }

  private static int argmax(float[] scores, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (scores[offset + j] > scores[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  /**
   * The {@code keep} highest of n scores, best first; ties go to the lower index. A bounded heap
   * with the worst kept score at the root, so most scores cost one comparison.
   */
  private static int[] topRows(float[] scores, int offset, int n, int keep, int[] heapRows, float[] heapScores) {
    int size = 0;
    for (int j = 0; j < n; j++) {
      float score = scores[offset + j];
      if (size < keep) {
        // Sift up; a later index is worse on ties, so it stops below an equal score.
        int at = size++;
        while (at > 0) {
          int parent = (at - 1) >>> 1;
          if (heapScores[parent] < score) {
            break;
          }
          heapRows[at] = heapRows[parent];
          heapScores[at] = heapScores[parent];
          at = parent;
        }
        heapRows[at] = j;
        heapScores[at] = score;
      } else if (score > heapScores[0]) {
        siftDown(heapRows, heapScores, keep, j, score);
      }
    }
    // Pop the worst into the last free slot until the heap is empty.
    int[] best = new int[keep];
    for (int last = keep - 1; last >= 0; last--) {
      best[last] = heapRows[0];
      if (last > 0) {
        siftDown(heapRows, heapScores, last, heapRows[last], heapScores[last]);
      }
    }
    return best;
  }

  /** Puts (row, score) at the root of a heap of {@code size} and sifts it down. */
  private static void siftDown(int[] heapRows, float[] heapScores, int size, int row, float score) {
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(heapScores[child + 1], heapRows[child + 1], heapScores[child], heapRows[child])) {
        child++;
      }
      if (!worse(heapScores[child], heapRows[child], score, row)) {
        break;
      }
      heapRows[at] = heapRows[child];
      heapScores[at] = heapScores[child];
      at = child;
    }
    heapRows[at] = row;
    heapScores[at] = score;
  }

  /** Score a at index a ranks below score b at index b: lower, or equal and later. */
  private static boolean worse(float scoreA, int rowA, float scoreB, int rowB) {
    return scoreA < scoreB || (scoreA == scoreB && rowA > rowB);
  }

  public int size() {
    return ids.length;
  }

  public String id(int row) {
    return ids[row];
  }

  /** A copy of one row's vector. */
  public float[] vector(int row) {
    return java.util.Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
  }

  /** Copies one row's vector into {@code target} at {@code offset}. */
  public void copyRow(int row, float[] target, int offset) {
    System.arraycopy(data, row * dim, target, offset, dim);
  }

  public int dim() {
    return dim;
  }

  /**
   * Scores every row of this block against every row of {@code right} and offers each score to
   * the left row's neighbours.
   *
   * @param neighbours one per row of this block
   * @param threshold lowest score kept (use -infinity for none)
   * @param excludeSelf skip pairs whose ids are equal (self-joins)
   */
  public void scoreAgainst(VectorBlock right, Neighbours[] neighbours, float threshold, boolean excludeSelf) {
    int n = right.size();
    if (n == 0 || ids.length == 0) {
      return;
    }
    float[] scores = new float[Math.min(LEFT_ROWS_PER_PRODUCT, ids.length) * n];
    BLAS blas = BLAS.getInstance();
    for (int start = 0; start < ids.length; start += LEFT_ROWS_PER_PRODUCT) {
      int m = Math.min(LEFT_ROWS_PER_PRODUCT, ids.length - start);
      product(right, start, m, scores, blas);
      for (int i = 0; i < m; i++) {
        Neighbours best = neighbours[start + i];
        String leftId = ids[start + i];
        float floor = Math.max(threshold, best.floor());
        int offset = i * n;
        for (int j = 0; j < n; j++) {
          float score = scores[offset + j];
          if (score >= floor && !(excludeSelf && leftId.equals(right.ids[j]))) {
            best.offer(right.ids[j], score);
            floor = Math.max(threshold, best.floor());
          }
        }
      }
    }
  }
}
