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
    float[] scores = new float[Math.min(LEFT_ROWS_PER_PRODUCT, Math.max(1, ids.length)) * n];
    BLAS blas = BLAS.getInstance();
    for (int start = 0; start < ids.length; start += LEFT_ROWS_PER_PRODUCT) {
      int m = Math.min(LEFT_ROWS_PER_PRODUCT, ids.length - start);
      blas.sgemm("T", "N", m, n, dim, 1.0f, data, start * dim, dim, other.data, 0, dim, 0.0f, scores, 0, m);
      for (int i = 0; i < m; i++) {
        int[] best = new int[keep];
        float[] bestScores = new float[keep];
        int filled = 0;
        for (int j = 0; j < n; j++) {
          float score = scores[i + j * m];
          if (filled < keep || score > bestScores[filled - 1]) {
            int pos = filled < keep ? filled++ : keep - 1;
            while (pos > 0 && bestScores[pos - 1] < score) {
              best[pos] = best[pos - 1];
              bestScores[pos] = bestScores[pos - 1];
              pos--;
            }
            best[pos] = j;
            bestScores[pos] = score;
          }
        }
        result[start + i] = best;
      }
    }
    return result;
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
      // Column-major view: this block's rows are columns of a dim x m matrix (transposed to m x dim),
      // the right rows are columns of a dim x n matrix; scores[i + j*m] = <left i, right j>.
      blas.sgemm("T", "N", m, n, dim, 1.0f, data, start * dim, dim, right.data, 0, dim, 0.0f, scores, 0, m);
      for (int i = 0; i < m; i++) {
        Neighbours best = neighbours[start + i];
        String leftId = ids[start + i];
        float floor = Math.max(threshold, best.floor());
        for (int j = 0; j < n; j++) {
          float score = scores[i + j * m];
          if (score >= floor && score >= threshold && !(excludeSelf && leftId.equals(right.ids[j]))) {
            best.offer(right.ids[j], score);
            floor = Math.max(threshold, best.floor());
          }
        }
      }
    }
  }
}
