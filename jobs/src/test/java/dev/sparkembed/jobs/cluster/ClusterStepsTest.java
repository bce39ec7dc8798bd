package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.cli.SyntheticClusters;
import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.TestSpark;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster job's steps one by one, on three synthetic topics of 40 documents. */
class ClusterStepsTest {

  @TempDir Path dir;

  @Test
  void eachStepDoesItsPart() {
    SparkSession spark = TestSpark.session();
    Path input = dir.resolve("emb");
    SyntheticClusters.write(spark, input, true);
    ClusterJobConfig config = ConfigFiles.of(ClusterJobConfig.class, Map.of("input", input.toString(), "output",
        dir.resolve("out").toString(), "k-max", 5, "label-col", "label")).validate();

    Dataset<Row> docs = ClusterDocuments.read(spark, config, spark.sparkContext().hadoopConfiguration());
    assertEquals(List.of("id", "embedding", "label", "text"), List.of(docs.columns()));
    Dataset<Row> valid = docs.filter(col("embedding").isNotNull())
        .withColumn("features", org.apache.spark.ml.functions.array_to_vector(col("embedding"))).cache();

    KChoice k = KChoice.of(valid, config, valid.count());
    assertEquals(3, k.k(), "k auto finds the three topics: " + k.details());
    assertEquals(4, ((List<?>) k.details().get("curve")).size(), "k = 2..5 tried");

    try (ClusterFit fit = ClusterFit.of(spark, "kmeans", k.k(), 42, valid)) {
      ClusterDescriptions descriptions = ClusterDescriptions.of(fit, true);
      Set<Integer> clustersOfFood = new HashSet<>();
      fit.predicted().filter(col("label").equalTo("food")).select("cluster").collectAsList()
          .forEach(r -> clustersOfFood.add(r.getInt(0)));
      assertEquals(1, clustersOfFood.size(), "one topic, one cluster");
      assertEquals(Map.of(0, 40L, 1, 40L, 2, 40L), descriptions.sizes());
      assertEquals(3, descriptions.perCluster(3, true).size());
      descriptions.representatives().values().forEach(examples -> assertEquals(5, examples.size()));

      Map<String, Object> quality = ClusterQuality.of(fit, descriptions, 42, true);
      assertEquals(1.0, (double) ((Map<?, ?>) quality.get("embedding")).get("nmi"), 1e-9);
      assertTrue((double) quality.get("silhouette_cosine") > 0.5, quality.toString());

      ClusterMap map = ClusterMap.of(fit.predicted(), 120, "tsne", 42);
      assertEquals(120, map.points().size(), "every clustered row is on the map below the sample size");
      assertEquals(1.0, sameClusterShareOfMapNeighbours(map.points(), 10), 1e-9,
          "three tight topics: each point's 10 nearest on the map are of its cluster");
    }
    valid.unpersist();
  }

  /** The share of each point's {@code k} nearest points on the map that are of its cluster, averaged. */
  static double sameClusterShareOfMapNeighbours(List<Map<String, Object>> points, int k) {
    double total = 0;
    for (Map<String, Object> p : points) {
      double px = (double) p.get("x");
      double py = (double) p.get("y");
      List<Map<String, Object>> others = new java.util.ArrayList<>(points);
      others.remove(p);
      others.sort(java.util.Comparator.comparingDouble(o -> Math.hypot((double) o.get("x") - px, (double) o.get("y") - py)));
      total += others.subList(0, k).stream().filter(o -> o.get("c").equals(p.get("c"))).count() / (double) k;
    }
    return total / points.size();
  }
}
