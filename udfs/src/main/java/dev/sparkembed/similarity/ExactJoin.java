package dev.sparkembed.similarity;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import java.io.Serializable;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * Every left block against every right block, each pair of blocks one matrix product; a bounded
 * top-k per left row, merged across blocks. No row-level cartesian product is materialised. A
 * self-join multiplies each pair of blocks once: scores are symmetric, so block pair (a, b) with
 * a &lt; b feeds both blocks' rows, and (b, a) is skipped.
 */
public final class ExactJoin implements JoinMethod {

  public static final String NAME = "exact";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JoinResult join(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec) {
    if (left == right && spec.excludeSelf()) {
      return selfJoin(spark, left, spec);
    }
    JavaRDD<VectorBlock> leftBlocks = blocks(left, spec.blockRows());
    JavaRDD<VectorBlock> rightBlocks = blocks(right, spec.blockRows());
    float threshold = spec.thresholdOrMin();
    Integer k = spec.k();
    boolean excludeSelf = spec.excludeSelf();
    JavaPairRDD<String, Neighbours> partial = leftBlocks.cartesian(rightBlocks).flatMapToPair(pair ->
        BlockScoring.score(pair._1(), List.of(pair._2()), k, threshold, excludeSelf));
    return new JoinResult(PartialTopK.mergeToRows(spark, partial, k, PartialTopK.partitionsFor(spark, left.rows())));
  }

  private static JoinResult selfJoin(SparkSession spark, JoinSide side, JoinSpec spec) {
    JavaPairRDD<Long, VectorBlock> blocks = blocks(side, spec.blockRows()).zipWithIndex()
        .mapToPair(block -> new Tuple2<>(block._2(), block._1()));
    float threshold = spec.thresholdOrMin();
    Integer k = spec.k();
    // Block indices grow with the partition, so a partition pair (p, q) with p > q holds only pairs
    // that are skipped: prune those partitions before they read any block, then skip pairs in p = q.
    JavaPairRDD<Tuple2<Long, VectorBlock>, Tuple2<Long, VectorBlock>> all = blocks.cartesian(blocks);
    JavaRDD<Tuple2<Tuple2<Long, VectorBlock>, Tuple2<Long, VectorBlock>>> upper = new JavaRDD<>(
        PartitionPruningRDD.create(all.rdd(), new UpperTriangle(blocks.getNumPartitions())), all.classTag());
    JavaPairRDD<String, Neighbours> partial = upper
        .filter(pair -> pair._1()._1() <= pair._2()._1())
        .flatMapToPair(pair -> pair._1()._1().equals(pair._2()._1())
            ? BlockScoring.score(pair._1()._2(), List.of(pair._1()._2()), k, threshold, true)
            : BlockScoring.scoreBothWays(pair._1()._2(), pair._2()._2(), k, threshold));
    return new JoinResult(PartialTopK.mergeToRows(spark, partial, k, PartialTopK.partitionsFor(spark, side.rows())));
  }

  /** Cartesian partition p x n + q (p of the first side, q of the second) is kept when p <= q. */
  private static final class UpperTriangle extends AbstractFunction1<Object, Object> implements Serializable {
    private final int partitions;

    UpperTriangle(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public Object apply(Object index) {
      int i = (Integer) index;
      return i / partitions <= i % partitions;
    }
  }

  private static JavaRDD<VectorBlock> blocks(JoinSide side, int blockRows) {
    int partitions = (int) Math.max(1, (side.rows() + blockRows - 1) / blockRows);
    // Kept as objects: every block is read by as many tasks as there are blocks, and serialized
    // storage made each of those reads a deserialization (float arrays take the same room either way).
    return side.persistDerived(side.vectors().repartition(partitions)
        .mapPartitions(it -> BlockScoring.toBlocks(it, blockRows).iterator()), StorageLevel.MEMORY_AND_DISK());
  }
}
