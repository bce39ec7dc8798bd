package dev.sparkembed.similarity;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a join found: the pairs, lazily (computed when written or collected), and what the method
 * chose on the way, for the summary (IVF: lists, probes, largest_list, chunks).
 */
public record JoinResult(Dataset<Row> pairs, Map<String, Object> stats) {

  public static final StructType SCHEMA = new StructType()
      .add("left_id", DataTypes.StringType, false)
      .add("right_id", DataTypes.StringType, false)
      .add("score", DataTypes.FloatType, false)
      .add("rank", DataTypes.IntegerType, false);

  public JoinResult {
    stats = Map.copyOf(stats);
  }

  public JoinResult(Dataset<Row> pairs) {
    this(pairs, Map.of());
  }

  /** No pairs, in the pairs' schema: a join with a side that has no row to score. */
  public static JoinResult none(SparkSession spark) {
    return new JoinResult(spark.createDataFrame(List.of(), SCHEMA));
  }
}
