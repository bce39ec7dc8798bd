package dev.sparkembed.similarity;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Every left block against every right block, each pair of blocks one matrix product; a bounded
 * top-k per left row, merged across blocks. No row-level cartesian product is materialised.
 */
public final class ExactJoin implements JoinMethod {

  public static final String NAME = "exact";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JoinResult join(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec) {
    JavaRDD<VectorBlock> leftBlocks = blocks(left, spec.blockRows());
    JavaRDD<VectorBlock> rightBlocks = blocks(right, spec.blockRows());
    float threshold = spec.thresholdOrMin();
    Integer k = spec.k();
    boolean excludeSelf = spec.excludeSelf();
    JavaPairRDD<String, Neighbours> partial = leftBlocks.cartesian(rightBlocks).flatMapToPair(pair ->
        BlockScoring.score(pair._1(), List.of(pair._2()), k, threshold, excludeSelf));
    return new JoinResult(BlockScoring.toRows(spark, partial.reduceByKey(Neighbours::merge)));
  }

  private static JavaRDD<VectorBlock> blocks(JoinSide side, int blockRows) {
    int partitions = (int) Math.max(1, (side.rows() + blockRows - 1) / blockRows);
    return side.persistDerived(side.vectors().repartition(partitions)
        .mapPartitions(it -> BlockScoring.toBlocks(it, blockRows).iterator()), StorageLevel.MEMORY_AND_DISK_SER());
  }
}
