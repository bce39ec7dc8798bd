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

  /** Told as each model call finishes, so that progress moves within a window. */
  @FunctionalInterface
  public interface BatchListener {
    /**
     * @param rows texts finished by this call (a window's null texts count with its first call, or
     *     alone when the window has only null texts)
     * @param tokens real tokens of the call's texts
     * @param paddedTokens tokens fed to the model in this call, padding included: its work
     * @param windowPaddedTokens the same for the whole window, known before its first call
     */
    void batchDone(int rows, long tokens, long paddedTokens, long windowPaddedTokens);
  }

  private static final BatchListener NO_LISTENER = (rows, tokens, paddedTokens, windowPaddedTokens) -> {};

  /** Results in the order of {@code texts}; null texts get a null embedding and status null_text. */
  public EmbeddedText[] embed(String[] texts) {
    return embed(texts, NO_LISTENER);
  }

  /** As {@link #embed(String[])}, telling {@code listener} after every model call. */
  public EmbeddedText[] embed(String[] texts, BatchListener listener) {
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
    int pendingNulls = texts.length - present;
    if (present == 0) {
      if (pendingNulls > 0) {
        listener.batchDone(pendingNulls, 0, 0, 0);
      }
      return results;
    }
    TokenizedText[] tokenized = model.tokenize(nonNull);
    int[] lengths = new int[present];
    for (int j = 0; j < present; j++) {
      lengths[j] = tokenized[j].length();
      tokens += lengths[j];
    }
    List<int[]> batches = BatchPlanner.plan(lengths, limits.maxRows(), limits.maxTokens());
    long[] padded = new long[batches.size()];
    long windowPadded = 0;
    for (int n = 0; n < padded.length; n++) {
      int longest = 0;
      for (int j : batches.get(n)) {
        longest = Math.max(longest, lengths[j]);
      }
      padded[n] = (long) longest * batches.get(n).length;
      windowPadded += padded[n];
    }
    for (int n = 0; n < padded.length; n++) {
      int[] batch = batches.get(n);
      TokenizedText[] inputs = new TokenizedText[batch.length];
      for (int b = 0; b < batch.length; b++) {
        inputs[b] = tokenized[batch[b]];
      }
      paddedTokens += padded[n];
      float[][] vectors = session.embed(inputs);
      long batchTokens = 0;
      for (int b = 0; b < batch.length; b++) {
        TokenizedText text = inputs[b];
        batchTokens += text.length();
        results[position[batch[b]]] = new EmbeddedText(vectors[b], text.length(), text.truncated(), EmbeddedText.OK);
      }
      listener.batchDone(batch.length + pendingNulls, batchTokens, padded[n], windowPadded);
      pendingNulls = 0;
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
