package dev.sparkembed.embed;

import ai.djl.Device;
import java.io.Serializable;

/**
 * How texts are grouped for inference. None of these change fp32 results, only speed and memory.
 *
 * @param batchSize most texts in one inference call; {@link #DEVICE_DEFAULT} takes the device's
 *     ({@link BatchLimits#defaultFor})
 * @param maxBatchTokens most padded tokens (rows x longest row) in one inference call;
 *     {@link #DEVICE_DEFAULT} takes the device's
 * @param windowSize rows read from a partition, tokenized and length-sorted together
 * @param intraOpThreads ONNX Runtime intra-op threads per model (one per task slot is fastest on CPU)
 */
public record EmbedSettings(int batchSize, int maxBatchTokens, int windowSize, int intraOpThreads)
    implements Serializable {

  /**
   * A batch limit left to the device the model runs on, known only inside the task: a GPU wants
   * calls 100x larger than a CPU does.
   */
  public static final int DEVICE_DEFAULT = 0;

  /** 8192-row windows sort lengths well enough for ~0.98 padding efficiency on CPU batches. */
  public static final int DEFAULT_WINDOW_SIZE = 8192;
  /** One ONNX Runtime thread per Spark task slot is fastest on CPU (BENCHMARKS.md). */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final EmbedSettings DEFAULTS =
      new EmbedSettings(DEVICE_DEFAULT, DEVICE_DEFAULT, DEFAULT_WINDOW_SIZE, DEFAULT_INTRA_OP_THREADS);

  public EmbedSettings {
    requireLimit(batchSize, "batch size");
    requireLimit(maxBatchTokens, "max batch tokens");
    requirePositive(windowSize, "window size");
    requirePositive(intraOpThreads, "intra-op threads");
  }

  /** The batch limits on a device: the ones set here, the device's default for the others. */
  public BatchLimits batchLimits(Device device) {
    BatchLimits defaults = BatchLimits.defaultFor(device);
    return new BatchLimits(
        batchSize == DEVICE_DEFAULT ? defaults.maxRows() : batchSize,
        maxBatchTokens == DEVICE_DEFAULT ? defaults.maxTokens() : maxBatchTokens);
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

  private static void requireLimit(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(
          what + " must be at least 1, or " + DEVICE_DEFAULT + " for the device's default, got " + value);
    }
  }

  private static void requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
  }
}
