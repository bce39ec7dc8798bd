package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 3, fit: cosine k-means (or bisecting k-means) with k clusters; each row gets its cluster
 * and its cosine to the cluster's centroid. Close it to free the cached predictions.
 *
 * @param predicted the rows with {@code cluster} and {@code cosine_to_centroid}, cached
 * @param centroids unit-length centroids, by cluster
 */
public record ClusterFit(Dataset<Row> predicted, float[][] centroids, Broadcast<float[][]> centroidsBroadcast)
    implements AutoCloseable {

  /** @param valid rows with a {@code features} vector */
  public static ClusterFit of(SparkSession spark, String algorithm, int k, long seed, Dataset<Row> valid) {
    Model<?> model = model(algorithm, k, seed, valid);
    Vector[] centers = model instanceof KMeansModel km ? km.clusterCenters() : ((BisectingKMeansModel) model).clusterCenters();
    float[][] centroids = unitRows(centers);
    Broadcast<float[][]> centroidsB = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(centroids);
    UserDefinedFunction cosine = udf((Vector v, Integer cluster) -> cosine(v, centroidsB.value()[cluster]), DataTypes.FloatType);
    Dataset<Row> predicted = model.transform(valid)
        .withColumn("cosine_to_centroid", cosine.apply(col("features"), col("cluster")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new ClusterFit(predicted, centroids, centroidsB);
  }

  public int k() {
    return centroids.length;
  }

  @Override
  public void close() {
    predicted.unpersist();
    centroidsBroadcast.destroy();
  }

  static Model<?> model(String algorithm, int k, long seed, Dataset<Row> data) {
    return algorithm.equals("bisecting")
        ? new BisectingKMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setFeaturesCol("features")
            .setPredictionCol("cluster").fit(data)
        : new KMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setMaxIter(40).setFeaturesCol("features")
            .setPredictionCol("cluster").fit(data);
  }

  private static float[][] unitRows(Vector[] centers) {
    float[][] out = new float[centers.length][];
    for (int c = 0; c < centers.length; c++) {
      double[] v = centers[c].toArray();
      double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
      out[c] = new float[v.length];
      for (int d = 0; d < v.length; d++) {
        out[c][d] = (float) (v[d] / (norm == 0 ? 1 : norm));
      }
    }
    return out;
  }

  private static float cosine(Vector v, float[] unitCentroid) {
    double dot = 0;
    double norm = 0;
    for (int d = 0; d < unitCentroid.length; d++) {
      double x = v.apply(d);
      dot += x * unitCentroid[d];
      norm += x * x;
    }
    return (float) (dot / Math.sqrt(norm));
  }
}
