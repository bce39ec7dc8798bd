package dev.sparkembed.similarity;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * One side of a join, ready to score: ids as strings, unit vectors, null embeddings skipped and
 * counted, vectors that were not unit length normalised and counted.
 */
public record JoinSide(JavaRDD<IdVector> vectors, long rows, long nullEmbeddings, long normalized) {

  /** Norms further than this from 1 count as "not normalised". */
  static final double NORM_TOLERANCE = 1e-3;

  public static JoinSide of(Dataset<Row> embeddings, String idCol, String embeddingCol) {
    Column norm = sqrt(aggregate(col("v"), lit(0.0), (acc, x) -> acc.plus(x.multiply(x))));
    Dataset<Row> withNorm = embeddings.select(col(idCol).cast("string").as("id"), col(embeddingCol).cast("array<float>").as("v"))
        .withColumn("norm", norm);
    Row counts = withNorm.agg(
        count(lit(1)),
        sum(when(col("v").isNull(), 1).otherwise(0)),
        sum(when(col("v").isNotNull().and(col("norm").minus(1).between(-NORM_TOLERANCE, NORM_TOLERANCE).unary_$bang()), 1).otherwise(0)))
        .first();
    long total = counts.getLong(0);
    long nulls = total == 0 ? 0 : counts.getLong(1);
    long normalized = total == 0 ? 0 : counts.getLong(2);
    JavaRDD<IdVector> vectors = withNorm.filter(col("v").isNotNull()).javaRDD().map(row -> {
      List<Float> values = row.getList(1);
      float[] v = new float[values.size()];
      double sq = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i);
        sq += (double) v[i] * v[i];
      }
      double n = Math.sqrt(sq);
      if (n > 0 && Math.abs(n - 1) > 1e-6) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (v[i] / n);
        }
      }
      return new IdVector(row.getString(0), v);
    }).persist(storageLevel(total - nulls));
    return new JoinSide(vectors, total - nulls, nulls, normalized);
  }

  /** Rows above which a side's vectors are cached on disk only (100k x 384 floats = 154 MB). */
  static final long IN_MEMORY_ROWS = 100_000;

  /**
   * Serialized either way; past {@link #IN_MEMORY_ROWS} on disk only, because storage memory is
   * not given back for the driver's own arrays: at 1.1M rows, 1.7 GB of cached vectors left a 4 GB
   * local-mode JVM without room to fetch a 100k-row slice.
   */
  static StorageLevel storageLevel(long rows) {
    return rows > IN_MEMORY_ROWS ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK_SER();
  }

  public void release() {
    vectors.unpersist(false);
  }
}
