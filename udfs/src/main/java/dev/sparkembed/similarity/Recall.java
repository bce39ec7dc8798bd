package dev.sparkembed.similarity;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** How much of what exact search finds another method's result holds, for any method. */
public final class Recall {

  private Recall() {}

  /**
   * Recall of {@code result} against exact search, on {@code sampleSize} sampled left rows:
   * the mean over sampled rows of |found ∩ exact| / |exact| (rows with no exact match skipped).
   */
  public static double of(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec,
      Dataset<Row> result, int sampleSize, long seed) {
    List<IdVector> sample = left.vectors().takeSample(false, sampleSize, seed);
    if (sample.isEmpty()) {
      return Double.NaN;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<VectorBlock> queries = jsc.broadcast(VectorBlock.of(sample, sample.get(0).vector().length));
    try {
      return recall(right, spec, result, sample, queries);
    } finally {
      queries.destroy();
    }
  }

  private static double recall(JoinSide right, JoinSpec spec, Dataset<Row> result, List<IdVector> sample,
      Broadcast<VectorBlock> queries) {
    Integer k = spec.k();
    float threshold = spec.thresholdOrMin();
    boolean excludeSelf = spec.excludeSelf();
    int blockRows = spec.blockRows();
    List<Tuple2<String, Neighbours>> exactPartials = right.vectors().mapPartitions(it ->
        BlockScoring.score(queries.value(), BlockScoring.toBlocks(it, blockRows), k, threshold, excludeSelf)).collect();
    Map<String, Neighbours> exact = new HashMap<>();
    for (Tuple2<String, Neighbours> p : exactPartials) {
      exact.merge(p._1(), p._2(), Neighbours::merge);
    }
    Set<String> sampled = new HashSet<>();
    sample.forEach(v -> sampled.add(v.id()));
    Map<String, Set<String>> found = new HashMap<>();
    for (Row row : result.filter(col("left_id").isInCollection(sampled)).select("left_id", "right_id").collectAsList()) {
      found.computeIfAbsent(row.getString(0), x -> new HashSet<>()).add(row.getString(1));
    }
    double sum = 0;
    int counted = 0;
    for (Map.Entry<String, Neighbours> e : exact.entrySet()) {
      List<Neighbours.Match> truth = e.getValue().sorted();
      if (truth.isEmpty()) {
        continue;
      }
      Set<String> got = found.getOrDefault(e.getKey(), Set.of());
      long hit = truth.stream().filter(m -> got.contains(m.rightId())).count();
      sum += (double) hit / truth.size();
      counted++;
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
