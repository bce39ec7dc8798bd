package dev.sparkembed.similarity;

import java.io.Serializable;

/**
 * What a similarity join keeps.
 *
 * @param k top-k right rows per left row, or null for all above the threshold
 * @param threshold lowest cosine kept, or null for no threshold
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

  float thresholdOrMin() {
    return threshold == null ? Float.NEGATIVE_INFINITY : threshold.floatValue();
  }
}
