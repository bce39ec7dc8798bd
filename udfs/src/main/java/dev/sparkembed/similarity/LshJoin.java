package dev.sparkembed.similarity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * MLlib's BucketedRandomProjectionLSH, kept for comparison: Euclidean, threshold-only. On unit
 * vectors distance = sqrt(2 - 2 cos), so a cosine threshold maps to a distance threshold; top-k
 * keeps the best k pairs found under that threshold.
 */
public final class LshJoin implements JoinMethod {

  public static final String NAME = "lsh";

  /** Hash tables (MLlib ORs one projection per table). */
  static final int HASH_TABLES = 8;

  /** Without a threshold (top-k only), pairs above this cosine are searched. */
  static final double MIN_COSINE = 0.5;

  private final long seed;

  public LshJoin(long seed) {
    this.seed = seed;
  }

  /**
   * Random projections of unit vectors spread about 1/sqrt(dim); buckets a tenth of that keep the
   * candidate pairs MLlib materialises (every bucket collision) within reach on small inputs. A
   * fixed bucket length would put every vector in a few buckets.
   */
  static double bucketLength(int dim) {
    return 0.1 / Math.sqrt(dim);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public JoinResult join(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec) {
    if (left.rows() == 0 || right.rows() == 0) {
      return JoinResult.none(spark);
    }
    Dataset<Row> l = features(spark, left);
    Dataset<Row> r = features(spark, right);
    BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setInputCol("features")
        .setOutputCol("hashes").setNumHashTables(HASH_TABLES).setBucketLength(bucketLength(dimension(left))).setSeed(seed).fit(r);
    double cosine = spec.threshold() != null ? spec.scoreFloor() : MIN_COSINE; // a radius above 0: Spark's bound is strict
    double distance = Math.sqrt(Math.max(0, 2 - 2 * cosine));
    Dataset<Row> pairs = model.approxSimilarityJoin(l, r, distance, "distance")
        .select(col("datasetA.id").as("left_id"), col("datasetB.id").as("right_id"),
            lit(1.0).minus(col("distance").multiply(col("distance")).divide(2)).cast("float").as("score"));
    if (spec.excludeSelf()) {
      pairs = pairs.filter(col("left_id").notEqual(col("right_id")));
    }
    pairs = pairs.filter(col("score").geq(cosine));
    Dataset<Row> ranked = pairs.withColumn("rank",
        row_number().over(Window.partitionBy("left_id").orderBy(col("score").desc(), col("right_id"))));
    if (spec.k() != null) {
      ranked = ranked.filter(col("rank").leq(spec.k()));
    }
    return new JoinResult(ranked.select("left_id", "right_id", "score", "rank"));
  }

  private static int dimension(JoinSide side) {
    return side.vectors().first().vector().length;
  }

  private static Dataset<Row> features(SparkSession spark, JoinSide side) {
    JavaRDD<Row> rows = side.vectors().map(v -> RowFactory.create(v.id(), toMl(v.vector())));
    return spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType).add("features", SQLDataTypes.VectorType()));
  }

  private static Vector toMl(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return Vectors.dense(d);
  }
}
