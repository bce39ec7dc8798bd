package dev.sparkembed.similarity;

import java.io.Serializable;

/**
 * The knobs of the approximate methods, with their defaults in one place. Exact ignores them.
 *
 * @param lists IVF coarse lists (null: {@link IvfJoin#defaultLists})
 * @param probes IVF lists each left row searches (null: {@link IvfJoin#defaultProbes})
 * @param maxListRows IVF lists larger than this are split, so a skewed list cannot stall a task
 * @param seed for sampling, k-means and LSH's projections
 */
public record JoinOptions(Integer lists, Integer probes, int maxListRows, long seed) implements Serializable {

  public static final int DEFAULT_MAX_LIST_ROWS = 2048;
  public static final long DEFAULT_SEED = 42;
  public static final JoinOptions DEFAULTS = new JoinOptions(null, null, DEFAULT_MAX_LIST_ROWS, DEFAULT_SEED);

  public JoinOptions {
    if (lists != null && lists < 1) {
      throw new IllegalArgumentException("lists must be positive, got " + lists);
    }
    if (probes != null && probes < 1) {
      throw new IllegalArgumentException("probes must be positive, got " + probes);
    }
    if (maxListRows < 1) {
      throw new IllegalArgumentException("max list rows must be positive, got " + maxListRows);
    }
  }
}
