package dev.sparkembed.embed;

import dev.sparkembed.model.SentenceEmbeddingModel;
import java.util.List;

/** Embeds windows of texts for one task: tokenize in one call, sort by length, batch, restore order. */
public final class TextEmbedder implements AutoCloseable {

  private final SentenceEmbeddingModel model;
  private final EmbeddingSession session;
  private final BatchLimits limits;
  private long tokens;
  private long paddedTokens;

  public TextEmbedder(SentenceEmbeddingModel model, EmbedSettings settings) {
    this.model = model;
    this.session = model.newSession();
    // The device the model actually runs on: a GPU that fell back to the CPU gets CPU batches.
    this.limits = settings.batchLimits(model.device());
  }

  /** Results in the order of {@code texts}; null texts get a null embedding and status null_text. */
  public EmbeddedText[] embed(String[] texts) {
    EmbeddedText[] results = new EmbeddedText[texts.length];
    int present = 0;
    for (String text : texts) {
      present += text == null ? 0 : 1;
    }
    String[] nonNull = new String[present];
    int[] position = new int[present];
    for (int i = 0, j = 0; i < texts.length; i++) {
      if (texts[i] == null) {
        results[i] = EmbeddedText.NULL;
      } else {
        nonNull[j] = texts[i];
        position[j++] = i;
      }
    }
    if (present == 0) {
      return results;
    }
    TokenizedText[] tokenized = model.tokenize(nonNull);
    int[] lengths = new int[present];
    for (int j = 0; j < present; j++) {
      lengths[j] = tokenized[j].length();
      tokens += lengths[j];
    }
    List<int[]> batches = BatchPlanner.plan(lengths, limits.maxRows(), limits.maxTokens());
    for (int[] batch : batches) {
      TokenizedText[] inputs = new TokenizedText[batch.length];
      for (int b = 0; b < batch.length; b++) {
        inputs[b] = tokenized[batch[b]];
      }
      int longest = 0;
      for (TokenizedText text : inputs) {
        longest = Math.max(longest, text.length());
      }
      paddedTokens += (long) longest * inputs.length;
      float[][] vectors = session.embed(inputs);
      for (int b = 0; b < batch.length; b++) {
        TokenizedText text = inputs[b];
        results[position[batch[b]]] = new EmbeddedText(vectors[b], text.length(), text.truncated(), EmbeddedText.OK);
      }
    }
    return results;
  }

  /** The batch limits in use: the settings' own, or the model's device's defaults. */
  public BatchLimits batchLimits() {
    return limits;
  }

  /** Real (unpadded) tokens embedded so far. */
  public long tokens() {
    return tokens;
  }

  /** Tokens fed to the model including padding; tokens() / paddedTokens() is the padding efficiency. */
  public long paddedTokens() {
    return paddedTokens;
  }

  @Override
  public void close() {
    session.close();
  }
}
