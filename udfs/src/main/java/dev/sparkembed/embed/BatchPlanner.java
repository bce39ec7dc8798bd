package dev.sparkembed.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a window of texts into inference batches: texts sorted by token length so each batch pads
 * little, each batch under a row limit and a padded-token budget.
 */
public final class BatchPlanner {

  private BatchPlanner() {}

  /**
   * @param lengths token length of each text in the window
   * @return batches of indices into {@code lengths}, shortest texts first; every index exactly once
   */
  public static List<int[]> plan(int[] lengths, int maxRows, int maxTokens) {
    Integer[] order = new Integer[lengths.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> lengths[i])); // stable: ties keep input order
    List<int[]> batches = new ArrayList<>();
    int start = 0;
    while (start < order.length) {
      int end = start + 1; // a text longer than the budget still gets a batch of its own
      // Sorted ascending, so the newest row is the longest: padded size = rows * its length.
      while (end < order.length
          && end - start < maxRows
          && (long) (end - start + 1) * lengths[order[end]] <= maxTokens) {
        end++;
      }
      int[] batch = new int[end - start];
      for (int i = start; i < end; i++) {
        batch[i - start] = order[i];
      }
      batches.add(batch);
      start = end;
    }
    return batches;
  }
}
