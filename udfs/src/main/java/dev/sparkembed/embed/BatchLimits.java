package dev.sparkembed.embed;

import ai.djl.Device;

/**
 * The most rows and padded tokens (rows x longest row) in one inference call.
 *
 * @param maxRows most texts in one call
 * @param maxTokens most padded tokens in one call; a text longer than this still gets a call of its own
 */
public record BatchLimits(int maxRows, int maxTokens) {

  /**
   * Fastest on 2 CPU cores for short and long texts, fp32 and int8 (BENCHMARKS.md): small calls
   * keep their activations in cache; 3-8% over 1,024 tokens, far more over 16,384.
   */
  public static final BatchLimits CPU = new BatchLimits(64, 256);

  /**
   * Fastest or within 2% of it on an H100 for short and long texts (BENCHMARKS.md, "GPU"): 11x
   * and 15x what {@link #CPU} gives there, where each call's fixed cost dominates small batches.
   */
  public static final BatchLimits GPU = new BatchLimits(512, 32_768);

  public BatchLimits {
    if (maxRows < 1) {
      throw new IllegalArgumentException("max rows per batch must be at least 1, got " + maxRows);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max tokens per batch must be at least 1, got " + maxTokens);
    }
  }

  /** The limits for a device the user set none for. */
  public static BatchLimits defaultFor(Device device) {
    return device.isGpu() ? GPU : CPU;
  }
}
