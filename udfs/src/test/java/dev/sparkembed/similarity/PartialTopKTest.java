package dev.sparkembed.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class PartialTopKTest {

  /** Lists from several tasks, packed per task and merged per partition, equal the lists merged directly. */
  @Test
  void packedListsMergeToWhatMergingTheListsGives() {
    for (Integer k : new Integer[] {3, null}) {
      Random random = new Random(7);
      int partitions = 4;
      List<List<Tuple2<String, Neighbours>>> tasks = new ArrayList<>();
      Map<String, Neighbours> expected = new HashMap<>();
      for (int task = 0; task < 5; task++) {
        List<Tuple2<String, Neighbours>> lists = new ArrayList<>();
        for (int row = 0; row < 30; row++) {
          String left = "row-" + random.nextInt(40) + (row % 7 == 0 ? "-é" : "");
          Neighbours list = new Neighbours(k);
          for (int m = 0; m < 1 + random.nextInt(6); m++) {
            list.offer("r" + random.nextInt(100), random.nextInt(16) / 16f); // ties on purpose
          }
          lists.add(new Tuple2<>(left, list));
          Neighbours copy = new Neighbours(k).merge(list);
          expected.merge(left, copy, Neighbours::merge);
        }
        tasks.add(lists);
      }
      // Each task's packed arrays, routed by their partition key as the shuffle does.
      Map<Integer, List<Tuple2<Integer, byte[]>>> byPartition = new HashMap<>();
      for (List<Tuple2<String, Neighbours>> lists : tasks) {
        Iterator<Tuple2<Integer, byte[]>> packed = PartialTopK.pack(lists.iterator(), partitions);
        int records = 0;
        while (packed.hasNext()) {
          Tuple2<Integer, byte[]> record = packed.next();
          records++;
          byPartition.computeIfAbsent(record._1(), p -> new ArrayList<>()).add(record);
        }
        assertTrue(records <= partitions, "at most one record per destination partition, got " + records);
      }
      Map<String, Neighbours> merged = new HashMap<>();
      for (Map.Entry<Integer, List<Tuple2<Integer, byte[]>>> partition : byPartition.entrySet()) {
        Map<String, Neighbours> part = PartialTopK.merge(partition.getValue().iterator(), k);
        for (String id : part.keySet()) {
          assertEquals(partition.getKey(), PartialTopK.partitionOf(id, partitions), id + " merged in another partition");
        }
        merged.putAll(part);
      }
      assertEquals(expected.keySet(), merged.keySet());
      for (String id : expected.keySet()) {
        assertEquals(expected.get(id).sorted(), merged.get(id).sorted(), "k = " + k + ", row " + id);
      }
    }
  }

  @Test
  void idsLongerThan64KbRoundTrip() {
    String id = "x".repeat(70_000);
    Neighbours list = new Neighbours(2);
    list.offer(id, 0.5f);
    Iterator<Tuple2<Integer, byte[]>> packed = PartialTopK.pack(List.of(new Tuple2<>(id, list)).iterator(), 1);
    Map<String, Neighbours> merged = PartialTopK.merge(packed, 2);
    assertEquals(List.of(new Neighbours.Match(id, 0.5f)), merged.get(id).sorted());
  }

  @Test
  void rowsAreRankedBestFirst() {
    Neighbours list = new Neighbours(3);
    list.offer("b", 0.5f);
    list.offer("a", 0.9f);
    list.offer("c", 0.5f);
    var rows = PartialTopK.toRows(Map.of("q", list));
    assertEquals(List.of("a", "b", "c"), rows.stream().map(r -> r.getString(1)).toList());
    assertEquals(List.of(1, 2, 3), rows.stream().map(r -> r.getInt(3)).toList());
  }
}
