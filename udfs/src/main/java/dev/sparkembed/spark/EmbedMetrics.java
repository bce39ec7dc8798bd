package dev.sparkembed.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Live counters of the embed stage, for progress lines and benchmarks. Within a window, rows are
 * counted in proportion to the model calls' padded tokens (steady progress; exact at the window's
 * end), tokens call by call. Spark accumulators count
 * retried tasks twice: use them for rates, and the written output for exact counts.
 */
public record EmbedMetrics(LongAccumulator rows, LongAccumulator tokens, LongAccumulator paddedTokens)
    implements Serializable {

  public static EmbedMetrics register(SparkContext spark) {
    return new EmbedMetrics(
        spark.longAccumulator("spark-embed rows"),
        spark.longAccumulator("spark-embed tokens"),
        spark.longAccumulator("spark-embed padded tokens"));
  }

  /** Real tokens over padded tokens: 1.0 means no padding at all. */
  public double paddingEfficiency() {
    return paddedTokens.value() == 0 ? 1.0 : (double) tokens.value() / paddedTokens.value();
  }
}
