package dev.sparkembed.embed;

import dev.sparkembed.model.Pooling;

/** sentence-transformers' Pooling and Normalize modules, on a row-major [rows, width, dim] buffer. */
public final class Pooler {

  private Pooler() {}

  /**
   * Pools one row whose first {@code length} tokens are real (the attention mask is a prefix of
   * ones, as the tokenizer produces it).
   */
  public static float[] pool(float[] hidden, int row, int width, int dim, int length, Pooling pooling, boolean normalize) {
    int base = row * width * dim;
    float[] out = new float[dim];
    if (pooling == Pooling.CLS) {
      System.arraycopy(hidden, base, out, 0, dim);
    } else {
      // Sum in token order, as torch does for (embeddings * mask).sum(1), then divide by the count.
      for (int t = 0; t < length; t++) {
        int offset = base + t * dim;
        for (int d = 0; d < dim; d++) {
          out[d] += hidden[offset + d];
        }
      }
      float count = Math.max(length, 1e-9f);
      for (int d = 0; d < dim; d++) {
        out[d] /= count;
      }
    }
    return normalize ? l2Normalize(out) : out;
  }

  /** In place, as torch.nn.functional.normalize: divides by max(norm, 1e-12). */
  public static float[] l2Normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    float norm = (float) Math.max(Math.sqrt(sum), 1e-12);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
    return vector;
  }
}
