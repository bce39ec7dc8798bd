package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;

/**
 * The cluster job's settings; JSON keys are the CLI's flag names.
 *
 * @param k a number of clusters, or "auto" to pick over {@code kMin..kMax} by the gap statistic
 *     ({@link dev.sparkembed.cluster.GapStatistic})
 * @param map the report's 2-D map: tsne or pca
 * @param text a corpus to join back by id for keywords and examples, when the embed output did not keep its text
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record ClusterJobConfig(
    @Flag(value = "Embed output.", label = "PATH") String input,
    @Flag(value = "Corpus to join back by id for text, when the embed output did not keep it.", label = "PATH") String text,
    @Flag(value = "Id column.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Text column.", label = "COL", defaultValue = "text") String textCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "True labels, for NMI, ARI and purity.", label = "COL") String labelCol,
    @Flag(value = "Number of clusters, or auto: chosen by the gap statistic (clusters tighter than in rows with no "
        + "clusters) over --k-min..--k-max on a sample.", label = "N|auto", defaultValue = "auto") String k,
    @Flag(value = "Smallest k tried by --k auto.", label = "N", defaultValue = "2") Integer kMin,
    @Flag(value = "Largest k tried by --k auto.", label = "N", defaultValue = "60") Integer kMax,
    @Flag(value = "kmeans or bisecting.", label = "A", defaultValue = "kmeans") String algorithm,
    @Flag(value = "The report's map: tsne (shows clusters) or pca.", label = "M", defaultValue = "tsne") String map,
    @Flag(value = "Seed.", label = "N", defaultValue = "42") Long seed,
    @Flag(value = "Cluster even when the model labels say different models (or prefixes) made the vectors.",
        defaultValue = "false") Boolean allowModelMismatch,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @Flag(value = "Write the HTML report here.", label = "FILE.html") String report,
    @FlagGroup SparkRun run) {

  public static ClusterJobConfig read(Path file) {
    return ConfigFiles.read(file, ClusterJobConfig.class);
  }

  public ClusterJobConfig withDefaults() {
    return ConfigFiles.withDefaults(this);
  }

  public ClusterJobConfig validate() {
    require(input != null && !input.isBlank(), "--input is required");
    require(output != null && !output.isBlank(), "--output is required");
    if (!autoK()) {
      int value;
      try {
        value = Integer.parseInt(k);
      } catch (NumberFormatException e) {
        throw new UserInputException("--k must be a number or auto, got '" + k + "'");
      }
      require(value >= 2, "--k must be at least 2, got " + value);
    }
    require(kMin >= 2, "--k-min must be at least 2, got " + kMin);
    require(kMax >= kMin, "--k-max (" + kMax + ") must be at least --k-min (" + kMin + ")");
    require(algorithm.equals("kmeans") || algorithm.equals("bisecting"),
        "bad algorithm '" + algorithm + "' (expected kmeans, bisecting)");
    require(map.equals("tsne") || map.equals("pca"), "bad map '" + map + "' (expected tsne, pca)");
    require(report == null || report.endsWith(".html"), "--report must name an .html file, got " + report);
    run.wholeOutputMode();
    return this;
  }

  public boolean autoK() {
    return "auto".equals(k);
  }

  public int fixedK() {
    return Integer.parseInt(k);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
