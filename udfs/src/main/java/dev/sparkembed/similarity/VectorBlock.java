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
    float[] work = new float[n];
    BLAS blas = NativeBlas.blas();
    for (int start = 0; start < ids.length; start += LEFT_ROWS_PER_PRODUCT) {
      int m = Math.min(LEFT_ROWS_PER_PRODUCT, ids.length - start);
      product(other, start, m, scores, blas);
      for (int i = 0; i < m; i++) {
        result[start + i] = keep == 1 ? new int[] {argmax(scores, i * n, n)}
            : topRows(scores, i * n, n, keep, work);
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
   * The {@code keep} highest of n scores, best first; ties go to the lower index. Finds the
   * keep-th highest score by quickselect on a copy, takes the indices above it and then the tied
   * ones in index order, and sorts those few: a few operations per score, where a bounded heap
   * spent most of the time ranking 632 centroids for 76 probes.
   */
  private static int[] topRows(float[] scores, int offset, int n, int keep, float[] work) {
    System.arraycopy(scores, offset, work, 0, n);
    float kth = kthHighest(work, n, keep);
    int[] best = new int[keep];
    float[] bestScores = new float[keep];
    int filled = 0;
    for (int j = 0; j < n; j++) {
      if (scores[offset + j] > kth) {
        best[filled] = j;
        bestScores[filled++] = scores[offset + j];
      }
    }
    for (int j = 0; j < n && filled < keep; j++) {
      if (scores[offset + j] == kth) {
        best[filled] = j;
        bestScores[filled++] = kth;
      }
    }
    // Stable insertion sort by score, descending: rows were added in index order, so ties keep it.
    for (int i = 1; i < keep; i++) {
      int row = best[i];
      float score = bestScores[i];
      int at = i;
      while (at > 0 && bestScores[at - 1] < score) {
        best[at] = best[at - 1];
        bestScores[at] = bestScores[at - 1];
        at--;
      }
      best[at] = row;
      bestScores[at] = score;
    }
    return best;
  }

  /** The k-th highest of values[0, n) (1-based k); reorders values. */
  static float kthHighest(float[] values, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    int target = k - 1; // index of the k-th highest once sorted descending
    while (lo < hi) {
      // Median of three as the pivot keeps sorted or repeated input from the quadratic case.
      int mid = (lo + hi) >>> 1;
      float a = values[lo];
      float b = values[mid];
      float c = values[hi];
      float pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (values[i] > pivot) {
          i++;
        }
        while (values[j] < pivot) {
          j--;
        }
        if (i <= j) {
          float tmp = values[i];
          values[i++] = values[j];
          values[j--] = tmp;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return values[target];
      }
    }
    return values[target];
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

  /** The mean of the rows, in double precision (zeros for an empty block). */
  public double[] mean() {
    double[] mean = new double[dim];
    for (int i = 0; i < ids.length; i++) {
      for (int d = 0; d < dim; d++) {
        mean[d] += data[i * dim + d];
      }
    }
    for (int d = 0; d < dim; d++) {
      mean[d] /= Math.max(1, ids.length);
    }
    return mean;
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
    scoreAgainst(right, neighbours, threshold, null, excludeSelf);
  }

  /**
   * As {@link #scoreAgainst(VectorBlock, Neighbours[], float, boolean)}, with a lowest score per
   * row of this block as well ({@code rowFloors}, null for none): a known lower bound on a row's
   * final k-th score lets most scores be skipped without touching its neighbours.
   */
  public void scoreAgainst(VectorBlock right, Neighbours[] neighbours, float threshold, float[] rowFloors, boolean excludeSelf) {
    int n = right.size();
    if (n == 0 || ids.length == 0) {
      return;
    }
    forEachProduct(right, (start, m, scores) -> {
      for (int i = 0; i < m; i++) {
        Neighbours best = neighbours[start + i];
        String leftId = ids[start + i];
        float rowThreshold = rowFloors == null ? threshold : Math.max(threshold, rowFloors[start + i]);
        float floor = Math.max(rowThreshold, best.floor());
        int offset = i * n;
        for (int j = 0; j < n; j++) {
          float score = scores[offset + j];
          if (score >= floor && !(excludeSelf && leftId.equals(right.ids[j]))) {
            best.offer(right.ids[j], score);
            floor = Math.max(rowThreshold, best.floor());
          }
        }
      }
    });
  }

  /** Receives one product: the scores of rows start..start + m - 1 of this block against all of another. */
  private interface ProductVisitor {
    void visit(int start, int m, float[] scores);
  }

  /** This block against {@code right}, {@value #LEFT_ROWS_PER_PRODUCT} rows of this block per product. */
  private void forEachProduct(VectorBlock right, ProductVisitor visitor) {
    float[] scores = new float[Math.min(LEFT_ROWS_PER_PRODUCT, ids.length) * right.size()];
    BLAS blas = NativeBlas.blas();
    for (int start = 0; start < ids.length; start += LEFT_ROWS_PER_PRODUCT) {
      int m = Math.min(LEFT_ROWS_PER_PRODUCT, ids.length - start);
      product(right, start, m, scores, blas);
      visitor.visit(start, m, scores);
    }
  }

  /**
   * A self-join's two directions from one product: every score of a row of this block and a row
   * of {@code right} (a different block of the same side) goes to both rows' neighbours, so each
   * pair of blocks is multiplied once instead of twice. The score buffer is read once, in order;
   * the right rows' floors live in their own array so that the check stays cheap.
   *
   * @param leftNeighbours one per row of this block
   * @param rightNeighbours one per row of {@code right}
   */
  public void scoreBothWays(VectorBlock right, Neighbours[] leftNeighbours, Neighbours[] rightNeighbours, float threshold) {
    int n = right.size();
    if (n == 0 || ids.length == 0) {
      return;
    }
    float[] rightFloors = new float[n];
    for (int j = 0; j < n; j++) {
      rightFloors[j] = Math.max(threshold, rightNeighbours[j].floor());
    }
    forEachProduct(right, (start, m, scores) -> {
      for (int i = 0; i < m; i++) {
        Neighbours best = leftNeighbours[start + i];
        String leftId = ids[start + i];
        float floor = Math.max(threshold, best.floor());
        int offset = i * n;
        for (int j = 0; j < n; j++) {
          float score = scores[offset + j];
          if (score >= floor) {
            best.offer(right.ids[j], score);
            floor = Math.max(threshold, best.floor());
          }
          if (score >= rightFloors[j]) {
            rightNeighbours[j].offer(leftId, score);
            rightFloors[j] = Math.max(threshold, rightNeighbours[j].floor());
          }
        }
      }
    });
  }
}
