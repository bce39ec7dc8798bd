package dev.sparkembed.jobs.cluster;

import static dev.sparkembed.jobs.cluster.Format.round;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import dev.sparkembed.cluster.TfIdfFeatures;
import dev.sparkembed.cluster.ClusteringMetrics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 5, quality: the silhouette (cosine) always; with true labels, NMI, ARI and purity next to a
 * TF-IDF + KMeans baseline with the same k on the same documents.
 */
public final class ClusterQuality {

  private ClusterQuality() {}

  public static Map<String, Object> of(ClusterFit fit, ClusterDescriptions descriptions, long seed, boolean labelled) {
    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("silhouette_cosine", round(silhouette(fit.predicted())));
    if (labelled) {
      quality.put("embedding", scores(ClusteringMetrics.of(descriptions.labels())));
      quality.put("tfidf_baseline", tfidfBaseline(fit.predicted(), fit.k(), seed));
    }
    return quality;
  }

  static double silhouette(Dataset<Row> predictions) {
    return new ClusteringEvaluator().setFeaturesCol("features").setPredictionCol("cluster")
        .setDistanceMeasure("cosine").setMetricName("silhouette").evaluate(predictions);
  }

  static Map<Integer, Map<String, Long>> contingency(Dataset<Row> predicted, String clusterCol) {
    Map<Integer, Map<String, Long>> counts = new HashMap<>();
    predicted.groupBy(clusterCol, "label").count().collectAsList().forEach(r ->
        counts.computeIfAbsent(r.getInt(0), c -> new HashMap<>()).put(r.isNullAt(1) ? "(none)" : r.getString(1), r.getLong(2)));
    return counts;
  }

  /**
   * TF-IDF + KMeans with the same k, on the documents that have at least one vocabulary term. Only
   * labelled runs compute these features, so the describe step does not.
   */
  private static Map<String, Object> tfidfBaseline(Dataset<Row> predicted, int k, long seed) {
    Dataset<Row> withText = predicted.filter(col("text").isNotNull());
    UserDefinedFunction nonEmpty = udf((Vector v) -> v.numNonzeros() > 0, DataTypes.BooleanType);
    Dataset<Row> docs = TfIdfFeatures.fit(withText, "text", 20_000).transform(withText)
        .filter(nonEmpty.apply(col(TfIdfFeatures.FEATURES))).persist(StorageLevel.MEMORY_AND_DISK());
    KMeansModel baseline = new KMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setMaxIter(40)
        .setFeaturesCol(TfIdfFeatures.FEATURES).setPredictionCol("baseline_cluster").fit(docs);
    Dataset<Row> assigned = baseline.transform(docs);
    Map<String, Object> scores = scores(ClusteringMetrics.of(contingency(assigned, "baseline_cluster")));
    scores.put("rows", assigned.count());
    docs.unpersist();
    return scores;
  }

  private static Map<String, Object> scores(ClusteringMetrics.Scores s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nmi", round(s.nmi()));
    m.put("ari", round(s.ari()));
    m.put("purity", round(s.purity()));
    return m;
  }
}
