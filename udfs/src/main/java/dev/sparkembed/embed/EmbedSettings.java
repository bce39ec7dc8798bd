package dev.sparkembed.embed;

import java.io.Serializable;

/**
 * How texts are grouped for inference. None of these change fp32 results, only speed and memory.
 *
 * @param batchSize most texts in one inference call
 * @param maxBatchTokens most padded tokens (rows x longest row) in one inference call
 * @param windowSize rows read from a partition, tokenized and length-sorted together
 * @param intraOpThreads ONNX Runtime intra-op threads per model (one per task slot is fastest on CPU)
 */
public record EmbedSettings(int batchSize, int maxBatchTokens, int windowSize, int intraOpThreads)
    implements Serializable {

  /**
   * Measured on 2 CPU cores (BENCHMARKS.md): small batches keep each call's activations in cache,
   * and 256 padded tokens per call was fastest for both short and long texts, fp32 and int8 (3-8%
   * over 1,024, far more over 16,384); 8192-row windows sort lengths well enough for ~0.98
   * padding efficiency.
   */
  public static final EmbedSettings DEFAULTS = new EmbedSettings(64, 256, 8192, 1);

  public EmbedSettings {
    requirePositive(batchSize, "batch size");
    requirePositive(maxBatchTokens, "max batch tokens");
    requirePositive(windowSize, "window size");
    requirePositive(intraOpThreads, "intra-op threads");
  }

  public EmbedSettings withBatchSize(int newBatchSize) {
    return new EmbedSettings(newBatchSize, maxBatchTokens, windowSize, intraOpThreads);
  }

  public EmbedSettings withWindowSize(int newWindowSize) {
    return new EmbedSettings(batchSize, maxBatchTokens, newWindowSize, intraOpThreads);
  }

  public EmbedSettings withMaxBatchTokens(int newMaxBatchTokens) {
    return new EmbedSettings(batchSize, newMaxBatchTokens, windowSize, intraOpThreads);
  }

  private static void requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
  }
}
