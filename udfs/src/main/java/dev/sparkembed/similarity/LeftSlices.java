package dev.sparkembed.similarity;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The left side cut into slices of whole partitions, each at most {@code sliceRows} rows, so a
 * slice reaches the driver one partition at a time and no partition is read twice. Partitions
 * larger than a slice are split first by a repartition.
 */
record LeftSlices(JavaRDD<IdVector> vectors, long[] partitionRows, List<int[]> groups) {
  static LeftSlices of(JavaRDD<IdVector> vectors, int sliceRows) {
    long[] sizes = partitionRows(vectors);
    long total = 0;
    long largest = 0;
    for (long size : sizes) {
      total += size;
      largest = Math.max(largest, size);
    }
    if (largest > sliceRows) {
      long half = Math.max(1, sliceRows / 2);
      vectors = vectors.repartition((int) Math.min(Integer.MAX_VALUE, (total + half - 1) / half));
      sizes = partitionRows(vectors);
    }
    List<int[]> groups = new ArrayList<>();
    List<Integer> group = new ArrayList<>();
    long groupRows = 0;
    for (int p = 0; p < sizes.length; p++) {
      if (sizes[p] == 0) {
        continue;
      }
      if (!group.isEmpty() && groupRows + sizes[p] > sliceRows) {
        groups.add(group.stream().mapToInt(Integer::intValue).toArray());
        group.clear();
        groupRows = 0;
      }
      group.add(p);
      groupRows += sizes[p];
    }
    if (!group.isEmpty()) {
      groups.add(group.stream().mapToInt(Integer::intValue).toArray());
    }
    return new LeftSlices(vectors, sizes, groups);
  }

  private static long[] partitionRows(JavaRDD<IdVector> vectors) {
    List<Tuple2<Integer, Long>> counts = vectors.mapPartitionsWithIndex((index, it) -> {
      long n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return List.of(new Tuple2<>(index, n)).iterator();
    }, true).collect();
    long[] sizes = new long[vectors.getNumPartitions()];
    counts.forEach(c -> sizes[c._1()] = c._2());
    return sizes;
  }

  /**
   * One slice with each row's {@code probes} nearest centroids: every partition is made a block
   * and probed by its own task, in parallel, then copied into one block on the driver.
   */
  ProbedSlice collectProbed(int[] partitions, int dim, Broadcast<VectorBlock> centroids, int probes) {
    int rows = 0;
    for (int p : partitions) {
      rows += (int) partitionRows[p];
    }
    List<Tuple2<VectorBlock, int[][]>>[] parts = vectors.mapPartitions(it -> {
      List<IdVector> partition = new ArrayList<>();
      it.forEachRemaining(partition::add);
      VectorBlock block = VectorBlock.of(partition, dim);
      return List.of(new Tuple2<>(block, block.nearestRows(centroids.value(), probes))).iterator();
    }).collectPartitions(partitions);
    String[] ids = new String[rows];
    float[] data = new float[rows * dim];
    int[][] probed = new int[rows][];
    int at = 0;
    for (int i = 0; i < parts.length; i++) {
      VectorBlock block = parts[i].get(0)._1();
      if (at + block.size() > rows) {
        throw new IllegalStateException("left slice changed between passes: expected " + rows + " rows, got more");
      }
      for (int r = 0; r < block.size(); r++, at++) {
        ids[at] = block.id(r);
        block.copyRow(r, data, at * dim);
        probed[at] = parts[i].get(0)._2()[r];
      }
      parts[i] = null; // copied: let it go before the next one
    }
    if (at != rows) {
      throw new IllegalStateException("left slice changed between passes: expected " + rows + " rows, got " + at);
    }
    return ProbedSlice.of(new VectorBlock(ids, data, dim), probed, centroids.value().size());
  }
}
