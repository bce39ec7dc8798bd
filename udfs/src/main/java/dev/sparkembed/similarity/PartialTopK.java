package dev.sparkembed.similarity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Partial top-k lists, many per left row (one per block pair or right chunk that scored it),
 * merged per row into the join's rows.
 *
 * <p>Shuffled one record per list through {@code reduceByKey}, Spark estimated the size of its
 * map-side buffers object by object and Java-serialized every list: 46% of the Java samples of
 * an exact 100k self-join (BENCHMARKS.md, "Merging partial top-k lists"). Here each task packs its
 * lists into one byte array per destination partition, and each destination merges what it
 * receives in a plain hash map: a few records per task, whatever the session's serializer.
 */
final class PartialTopK {

  private PartialTopK() {}

  /**
   * The merged lists as {@link JoinResult#SCHEMA} rows, ranked best first, in {@code partitions}
   * partitions.
   *
   * @param partial (left id, partial list) pairs; an id may come from many tasks
   * @param k the lists' bound (null: unbounded)
   */
  static Dataset<Row> mergeToRows(SparkSession spark, JavaPairRDD<String, Neighbours> partial, Integer k, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be positive, got " + partitions);
    }
    // Integer keys 0..partitions-1 hash to themselves: record p lands in partition p.
    JavaRDD<Row> rows = partial.mapPartitionsToPair(lists -> pack(lists, partitions))
        .partitionBy(new HashPartitioner(partitions))
        .mapPartitions(packed -> toRows(merge(packed, k)).iterator());
    return spark.createDataFrame(rows, JoinResult.SCHEMA);
  }

  /** The partition a left id's lists meet in. */
  static int partitionOf(String id, int partitions) {
    return Math.floorMod(id.hashCode(), partitions);
  }

  /** One task's lists as one byte array per destination partition that gets any. */
  static Iterator<Tuple2<Integer, byte[]>> pack(Iterator<Tuple2<String, Neighbours>> lists, int partitions) {
    Packer[] packers = new Packer[partitions];
    while (lists.hasNext()) {
      Tuple2<String, Neighbours> list = lists.next();
      int p = partitionOf(list._1(), partitions);
      if (packers[p] == null) {
        packers[p] = new Packer();
      }
      packers[p].putList(list._1(), list._2());
    }
    List<Tuple2<Integer, byte[]>> packed = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (packers[p] != null) {
        packed.add(new Tuple2<>(p, packers[p].toByteArray()));
      }
    }
    return packed.iterator();
  }

  /** Every list packed for one partition, merged per left id. */
  static Map<String, Neighbours> merge(Iterator<Tuple2<Integer, byte[]>> packed, Integer k) {
    Map<String, Neighbours> merged = new HashMap<>();
    while (packed.hasNext()) {
      ByteBuffer in = ByteBuffer.wrap(packed.next()._2());
      while (in.hasRemaining()) {
        Neighbours list = merged.computeIfAbsent(getString(in), id -> new Neighbours(k));
        for (int count = in.getInt(); count > 0; count--) {
          list.offer(getString(in), in.getFloat());
        }
      }
    }
    return merged;
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    String value = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  /**
   * A growing buffer of lists: (left id, count, then count (right id, score) pairs), strings as an
   * int length and UTF-8. Not a DataOutputStream over a ByteArrayOutputStream: those take a lock
   * per byte written, a fifth of the join's Java time when they packed the lists.
   */
  private static final class Packer {
    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    void putList(String leftId, Neighbours list) {
      putString(leftId);
      room(4);
      buffer.putInt(list.size());
      for (int i = 0; i < list.size(); i++) {
        putString(list.idAt(i));
        room(4);
        buffer.putFloat(list.scoreAt(i));
      }
    }

    private void putString(String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      room(4 + bytes.length);
      buffer.putInt(bytes.length);
      buffer.put(bytes);
    }

    private void room(int bytes) {
      if (buffer.remaining() < bytes) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + bytes));
        bigger.put(buffer.array(), 0, buffer.position());
        buffer = bigger;
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer.array(), buffer.position());
    }
  }

  /** Merged lists as rows, best first per left id. */
  static List<Row> toRows(Map<String, Neighbours> merged) {
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Neighbours> entry : merged.entrySet()) {
      int rank = 1;
      for (Neighbours.Match m : entry.getValue().sorted()) {
        out.add(RowFactory.create(entry.getKey(), m.rightId(), m.score(), rank++));
      }
    }
    return out;
  }

  /**
   * Partitions for merging the lists of {@code leftRows} rows: about one per 4,096 rows (a block's
   * worth), and at least the session's default parallelism so that a cluster's cores all write.
   */
  static int partitionsFor(SparkSession spark, long leftRows) {
    long byRows = Math.max(1, (leftRows + JoinSpec.DEFAULT_BLOCK_ROWS - 1) / JoinSpec.DEFAULT_BLOCK_ROWS);
    return (int) Math.max(byRows, spark.sparkContext().defaultParallelism());
  }
}
