package dev.sparkembed.embed;

import java.util.Arrays;

/**
 * A batch as a BERT-style graph takes it: token ids, token type ids and the attention mask, row
 * after row, each row padded with zeros to the batch's longest text.
 */
public record PaddedBatch(int rows, int width, long[] ids, long[] typeIds, long[] mask) {

  public static PaddedBatch of(TokenizedText[] batch) {
    int rows = batch.length;
    int width = 0;
    for (TokenizedText text : batch) {
      width = Math.max(width, text.length());
    }
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    long[] types = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      TokenizedText text = batch[r];
      System.arraycopy(text.ids(), 0, ids, r * width, text.length());
      System.arraycopy(text.typeIds(), 0, types, r * width, text.length());
      Arrays.fill(mask, r * width, r * width + text.length(), 1L);
    }
    return new PaddedBatch(rows, width, ids, types, mask);
  }

  /** The graph input of that name: {@code input_ids}, {@code attention_mask} or {@code token_type_ids}. */
  public long[] input(String name) {
    return switch (name) {
      case "input_ids" -> ids;
      case "attention_mask" -> mask;
      case "token_type_ids" -> typeIds;
      default -> throw new IllegalStateException("unsupported model input " + name);
    };
  }
}
