package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  @Test
  void everyIndexExactlyOnceWithinBudgets() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int[] lengths = random.ints(random.nextInt(300), 2, 300).toArray();
      int maxRows = 1 + random.nextInt(64);
      int maxTokens = 1 + random.nextInt(4000);
      List<int[]> batches = BatchPlanner.plan(lengths, maxRows, maxTokens);
      BitSet seen = new BitSet();
      int previousLongest = 0;
      for (int[] batch : batches) {
        assertTrue(batch.length >= 1 && batch.length <= maxRows);
        int longest = 0;
        for (int index : batch) {
          assertTrue(!seen.get(index), "index twice: " + index);
          seen.set(index);
          longest = Math.max(longest, lengths[index]);
          assertTrue(lengths[index] >= previousLongest, "batches are not length-sorted");
        }
        previousLongest = longest;
        // Over budget only as a batch of one text that alone exceeds it.
        assertTrue(batch.length * longest <= maxTokens || batch.length == 1);
      }
      assertEquals(lengths.length, seen.cardinality());
    }
  }

  @Test
  void groupsSimilarLengthsAndPadsLittle() {
    int[] lengths = {100, 5, 100, 5, 100, 5};
    List<int[]> batches = BatchPlanner.plan(lengths, 3, 10_000);
    assertEquals(2, batches.size());
    assertEquals(List.of(1, 3, 5), List.of(batches.get(0)[0], batches.get(0)[1], batches.get(0)[2]));
    assertEquals(List.of(0, 2, 4), List.of(batches.get(1)[0], batches.get(1)[1], batches.get(1)[2]));
  }

  @Test
  void tokenBudgetCutsBatches() {
    int[] lengths = {10, 10, 10, 10};
    assertEquals(2, BatchPlanner.plan(lengths, 100, 20).size());
    assertEquals(4, BatchPlanner.plan(lengths, 100, 5).size());
    assertEquals(0, BatchPlanner.plan(new int[0], 10, 10).size());
  }
}
