package dev.sparkembed.bench;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far an int8 model is from its fp32 original, and how much its output depends on batching.
 * Dynamic quantisation scales activations by the min/max of the whole batch tensor, padding
 * included, so the same text can embed differently beside different neighbours; one text per
 * inference call ({@code --batch-size 1}) removes that dependence.
 */
final class QuantizationReport {

  private QuantizationReport() {}

  static Map<String, Object> measure(String fp32Model, String int8Model, List<String> texts) {
    String[] input = texts.toArray(new String[0]);
    float[][] fp32 = embed(fp32Model, input, EmbedSettings.DEFAULTS);
    float[][] fp32Single = embed(fp32Model, input, EmbedSettings.DEFAULTS.withBatchSize(1));
    float[][] int8 = embed(int8Model, input, EmbedSettings.DEFAULTS);
    float[][] int8Single = embed(int8Model, input, EmbedSettings.DEFAULTS.withBatchSize(1));
    // Same texts, other neighbours: batches cut from a reversed window.
    float[][] int8OtherBatches = reversed(embed(int8Model, reversed(input), EmbedSettings.DEFAULTS.withBatchSize(17)));

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("texts", input.length);
    report.put("int8_batched_vs_fp32", cosineStats(int8, fp32));
    report.put("int8_one_per_call_vs_fp32", cosineStats(int8Single, fp32));
    report.put("top1_neighbour_agreement_int8_vs_fp32", round(top1Agreement(int8, fp32)));
    report.put("fp32_batch_dependence_max_abs_diff", maxAbsDiff(fp32, fp32Single));
    report.put("int8_batch_dependence_max_abs_diff", maxAbsDiff(int8, int8OtherBatches));
    report.put("int8_batch_dependence_min_cosine", cosineStats(int8, int8OtherBatches).get("min"));
    report.put("int8_one_per_call_repeat_max_abs_diff",
        maxAbsDiff(int8Single, embed(int8Model, input, EmbedSettings.DEFAULTS.withBatchSize(1).withWindowSize(7))));
    return report;
  }

  private static float[][] embed(String model, String[] texts, EmbedSettings settings) {
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get(model, 1), settings)) {
      float[][] out = new float[texts.length][];
      for (int start = 0; start < texts.length; start += settings.windowSize()) {
        int end = Math.min(texts.length, start + settings.windowSize());
        String[] window = java.util.Arrays.copyOfRange(texts, start, end);
        EmbeddedText[] results = embedder.embed(window);
        for (int i = 0; i < results.length; i++) {
          out[start + i] = results[i].embedding();
        }
      }
      return out;
    }
  }

  private static <T> T[] reversed(T[] values) {
    T[] copy = values.clone();
    java.util.Collections.reverse(java.util.Arrays.asList(copy));
    return copy;
  }

  private static Map<String, Object> cosineStats(float[][] a, float[][] b) {
    double sum = 0;
    double min = 1;
    for (int i = 0; i < a.length; i++) {
      double c = dot(a[i], b[i]); // both L2-normalised
      sum += c;
      min = Math.min(min, c);
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("mean", round(sum / a.length));
    stats.put("min", round(min));
    return stats;
  }

  /** Share of texts whose nearest other text is the same under both models. */
  private static double top1Agreement(float[][] a, float[][] b) {
    int agree = 0;
    for (int i = 0; i < a.length; i++) {
      if (nearest(a, i) == nearest(b, i)) {
        agree++;
      }
    }
    return (double) agree / a.length;
  }

  private static int nearest(float[][] vectors, int query) {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < vectors.length; j++) {
      if (j != query) {
        double score = dot(vectors[query], vectors[j]);
        if (score > bestScore) {
          bestScore = score;
          best = j;
        }
      }
    }
    return best;
  }

  private static double maxAbsDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int d = 0; d < a[i].length; d++) {
        max = Math.max(max, Math.abs(a[i][d] - b[i][d]));
      }
    }
    return max;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
