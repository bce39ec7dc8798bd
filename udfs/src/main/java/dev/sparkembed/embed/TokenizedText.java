package dev.sparkembed.embed;

/**
 * One text after tokenization and truncation, special tokens included.
 *
 * @param ids token ids, {@code [CLS] ... [SEP]}
 * @param typeIds token type ids
 * @param truncated whether the text had more tokens than the model takes
 */
public record TokenizedText(long[] ids, long[] typeIds, boolean truncated) {
  public int length() {
    return ids.length;
  }
}
