package dev.sparkembed.similarity;

import org.apache.spark.sql.SparkSession;

/**
 * A way to find each left row's neighbours among the right rows: exact, IVF or LSH. Takes two
 * sides and a spec, returns the pairs; what it caches or broadcasts belongs to the sides, freed by
 * their {@code release()}. {@link JoinMethods} makes one by name.
 */
public interface JoinMethod {

  /** The name a user gives it ({@code exact}, {@code ivf}, {@code lsh}). */
  String name();

  /** Pairs as {@link JoinResult#SCHEMA}: left_id, right_id, score (cosine), rank (1 = best per left row). */
  JoinResult join(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec);
}
