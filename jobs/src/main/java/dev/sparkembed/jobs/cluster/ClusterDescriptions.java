package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.sparkembed.cluster.ClusterKeywords;
import dev.sparkembed.jobs.UserInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Step 4, describe: per cluster its size, keywords (class-based TF-IDF, {@link ClusterKeywords}),
 * the texts nearest its centroid and, with labels, its label counts.
 */
public record ClusterDescriptions(Map<Integer, Long> sizes, Map<Integer, List<String>> keywords,
    Map<Integer, List<Map<String, Object>>> representatives, Map<Integer, Map<String, Long>> labels) {

  static final int KEYWORDS = 8;
  static final int REPRESENTATIVES = 5;
  /** Unigrams and bigrams kept for keywords, the most frequent first. */
  static final int KEYWORD_VOCABULARY = 50_000;

  public static ClusterDescriptions of(ClusterFit fit, boolean labelled) {
    Dataset<Row> predicted = fit.predicted();
    Dataset<Row> withText = predicted.filter(col("text").isNotNull());
    if (withText.isEmpty()) {
      throw new UserInputException("no text for keywords: every text is null");
    }
    Map<Integer, List<String>> terms = ClusterKeywords.of(withText, "text", "cluster", KEYWORDS, KEYWORD_VOCABULARY);
    Map<Integer, Long> sizes = new TreeMap<>();
    predicted.groupBy("cluster").count().collectAsList().forEach(r -> sizes.put(r.getInt(0), r.getLong(1)));
    Map<Integer, Map<String, Long>> labels = labelled ? ClusterQuality.contingency(predicted, "cluster") : Map.of();
    return new ClusterDescriptions(sizes, terms, representatives(predicted), labels);
  }

  /** One entry per cluster, for the summary and the report. */
  public List<Map<String, Object>> perCluster(int k, boolean labelled) {
    List<Map<String, Object>> clusters = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("cluster", c);
      cluster.put("size", sizes.getOrDefault(c, 0L));
      cluster.put("keywords", keywords.getOrDefault(c, List.of()));
      cluster.put("representatives", representatives.getOrDefault(c, List.of()));
      if (labelled) {
        cluster.put("labels", new TreeMap<>(labels.getOrDefault(c, Map.of())));
      }
      clusters.add(cluster);
    }
    return clusters;
  }

  /** The share of keyword entries that another cluster's keywords repeat (0: every cluster's are its own). */
  public double keywordsShared() {
    return ClusterKeywords.sharedShare(keywords);
  }

  /**
   * One line per cluster for people: size, the main label with its share (with labels), the first
   * {@code top} keywords.
   */
  public List<String> overview(int k, boolean labelled, int top) {
    List<String> lines = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      long size = sizes.getOrDefault(c, 0L);
      StringBuilder line = new StringBuilder("cluster ").append(c).append(" (").append(size).append(size == 1 ? " doc" : " docs");
      Map<String, Long> counts = labels.getOrDefault(c, Map.of());
      if (labelled && !counts.isEmpty()) {
        Map.Entry<String, Long> main = counts.entrySet().stream()
            .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
            .orElseThrow();
        line.append(", mostly ").append(main.getKey()).append(' ').append(Math.round(100.0 * main.getValue() / size)).append('%');
      }
      List<String> words = keywords.getOrDefault(c, List.of());
      line.append("): ").append(String.join(", ", words.subList(0, Math.min(top, words.size()))));
      lines.add(line.toString());
    }
    return lines;
  }

  private static Map<Integer, List<Map<String, Object>>> representatives(Dataset<Row> predicted) {
    Map<Integer, List<Map<String, Object>>> out = new HashMap<>();
    predicted.withColumn("_r", row_number().over(Window.partitionBy("cluster").orderBy(col("cosine_to_centroid").desc(), col("id"))))
        .filter(col("_r").leq(REPRESENTATIVES)).orderBy("cluster", "_r")
        .select("cluster", "id", "text", "cosine_to_centroid").collectAsList()
        .forEach(r -> {
          Map<String, Object> example = new LinkedHashMap<>();
          example.put("id", r.getString(1));
          example.put("text", Format.snippet(r.getString(2)));
          example.put("cosine", Format.round(r.getFloat(3)));
          out.computeIfAbsent(r.getInt(0), c -> new ArrayList<>()).add(example);
        });
    return out;
  }
}
