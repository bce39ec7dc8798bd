package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Step 7, write: every input row's assignment, one row per cluster with its centroid and keywords,
 * and the map's coordinates.
 */
public final class ClusterOutputs {

  public static final String ASSIGNMENTS_DIR = "assignments";
  public static final String CENTROIDS_DIR = "centroids";
  public static final String MAP_DIR = "map";

  private ClusterOutputs() {}

  /** Every input row: id, cluster, cosine_to_centroid; a null embedding has a null cluster. */
  public static void writeAssignments(ClusterFit fit, Dataset<Row> docs, String output) {
    Dataset<Row> assignments = fit.predicted().select(col("id"), col("cluster"), col("cosine_to_centroid"))
        .unionByName(docs.filter(col("embedding").isNull()).select(col("id"),
            lit(null).cast(DataTypes.IntegerType).as("cluster"), lit(null).cast(DataTypes.FloatType).as("cosine_to_centroid")));
    assignments.write().mode(SaveMode.Overwrite).parquet(output + "/" + ASSIGNMENTS_DIR);
  }

  /** cluster, size, centroid, keywords: one row per cluster, in one file. */
  public static void writeCentroids(SparkSession spark, ClusterFit fit, ClusterDescriptions descriptions, String output) {
    float[][] centroids = fit.centroids();
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < centroids.length; c++) {
      List<Float> values = new ArrayList<>();
      for (float x : centroids[c]) {
        values.add(x);
      }
      rows.add(RowFactory.create(c, descriptions.sizes().getOrDefault(c, 0L), values,
          descriptions.keywords().getOrDefault(c, List.of()).toArray(new String[0])));
    }
    spark.createDataFrame(rows, new StructType()
            .add("cluster", DataTypes.IntegerType).add("size", DataTypes.LongType)
            .add("centroid", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("keywords", DataTypes.createArrayType(DataTypes.StringType)))
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(output + "/" + CENTROIDS_DIR);
  }

  /** id, x, y, cluster: one row per point on the report's map, so that anyone can redraw or check it. */
  public static void writeMap(SparkSession spark, ClusterMap map, String output) {
    List<Row> rows = new ArrayList<>();
    for (var p : map.points()) {
      rows.add(RowFactory.create(p.get("id"), p.get("x"), p.get("y"), p.get("c")));
    }
    spark.createDataFrame(rows, new StructType()
            .add("id", DataTypes.StringType).add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
            .add("cluster", DataTypes.IntegerType))
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(output + "/" + MAP_DIR);
  }
}
