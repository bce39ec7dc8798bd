package dev.sparkembed.similarity;

import java.io.Serializable;

/**
 * What a similarity join keeps.
 *
 * @param k top-k right rows per left row, or null for all above the threshold
 * @param threshold lowest cosine kept, or null for no threshold; one above 1 - {@link #SCORE_ROUNDING} is taken as that
 * @param excludeSelf drop pairs with equal ids (self-joins)
 * @param blockRows vectors per block in exact scoring
 */
public record JoinSpec(Integer k, Double threshold, boolean excludeSelf, int blockRows) implements Serializable {

  public static final int DEFAULT_BLOCK_ROWS = 4096;

  public JoinSpec {
    if (k == null && threshold == null) {
      throw new IllegalArgumentException("give k, a threshold, or both");
    }
    if (k != null && k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (threshold != null && (threshold < -1 || threshold > 1 || threshold.isNaN())) {
      throw new IllegalArgumentException("threshold must be within [-1, 1], got " + threshold);
    }
    if (blockRows < 1) {
      throw new IllegalArgumentException("block rows must be positive, got " + blockRows);
    }
  }

  /**
   * How far below 1 a float32 score of a unit vector against an identical one may round. Measured
   * at most 8.3e-7 over 47,000 real 384-d embeddings, with netlib's Java BLAS and with OpenBLAS
   * (BENCHMARKS.md, "Exact duplicates and --threshold 1"); the margin covers longer vectors.
   */
  static final float SCORE_ROUNDING = 1e-5f;

  /** The threshold scores are compared with, or -infinity for none. */
  float thresholdOrMin() {
    return threshold == null ? Float.NEGATIVE_INFINITY : (float) scoreFloor();
  }

  /**
   * The threshold as scores can meet it: at most 1 - {@link #SCORE_ROUNDING}, so that identical
   * vectors, whose computed score may round below 1, always meet a threshold of 1.
   */
  double scoreFloor() {
    return Math.min(threshold, 1.0 - SCORE_ROUNDING);
  }
}
