package dev.sparkembed.jobs.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.feature.PCAModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** Step 6, map: a 2-D projection (MLlib PCA) of a sample of the clustered rows, for the report. */
public final class ClusterMap {

  /** Points on the report's map: a sample, said so on the page. */
  public static final int MAP_SAMPLE = 20_000;

  private ClusterMap() {}

  public static List<Map<String, Object>> points(Dataset<Row> predicted, long seed) {
    long n = predicted.count();
    Dataset<Row> sample = n > MAP_SAMPLE ? predicted.sample(false, 1.2 * MAP_SAMPLE / n, seed).limit(MAP_SAMPLE) : predicted;
    sample = sample.persist(StorageLevel.MEMORY_AND_DISK());
    PCAModel pca = new PCA().setK(2).setInputCol("features").setOutputCol("_xy").fit(sample);
    List<Map<String, Object>> points = new ArrayList<>();
    for (Row r : pca.transform(sample).select("id", "cluster", "_xy", "text").collectAsList()) {
      Vector xy = (Vector) r.get(2);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("x", Format.round(xy.apply(0)));
      p.put("y", Format.round(xy.apply(1)));
      p.put("c", r.getInt(1));
      p.put("id", r.getString(0));
      p.put("t", Format.snippet(r.getString(3)));
      points.add(p);
    }
    sample.unpersist();
    return points;
  }
}
