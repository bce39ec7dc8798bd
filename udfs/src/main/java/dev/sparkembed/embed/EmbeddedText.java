package dev.sparkembed.embed;

/**
 * The result for one input text.
 *
 * @param embedding the sentence embedding, or null when the text was null
 * @param nTokens tokens fed to the model, special tokens included; null when the text was null
 * @param truncated whether the text was cut to the model's max tokens
 * @param status {@link #OK} or {@link #NULL_TEXT}
 */
public record EmbeddedText(float[] embedding, Integer nTokens, boolean truncated, String status) {
  public static final String OK = "ok";
  public static final String NULL_TEXT = "null_text";

  static final EmbeddedText NULL = new EmbeddedText(null, null, false, NULL_TEXT);
}
