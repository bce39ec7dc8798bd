package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster job's settings; JSON keys are the CLI's flag names.
 *
 * @param k a number of clusters, or "auto" to pick by silhouette over {@code kMin..kMax}
 * @param text a corpus to join back by id for keywords and examples, when the embed output did not keep its text
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record ClusterJobConfig(
    String input,
    String text,
    String idCol,
    String textCol,
    String embeddingCol,
    String labelCol,
    String k,
    Integer kMin,
    Integer kMax,
    String algorithm,
    Long seed,
    String output,
    String report,
    String mode,
    String master,
    Map<String, String> conf) {

  public static ClusterJobConfig read(Path file) {
    return ConfigFiles.read(file, ClusterJobConfig.class);
  }

  public ClusterJobConfig withDefaults() {
    return new ClusterJobConfig(input, text,
        Objects.requireNonNullElse(idCol, "id"),
        Objects.requireNonNullElse(textCol, "text"),
        Objects.requireNonNullElse(embeddingCol, "embedding"),
        labelCol,
        Objects.requireNonNullElse(k, "auto"),
        Objects.requireNonNullElse(kMin, 2),
        Objects.requireNonNullElse(kMax, 20),
        Objects.requireNonNullElse(algorithm, "kmeans"),
        Objects.requireNonNullElse(seed, 42L),
        output, report,
        Objects.requireNonNullElse(mode, "error"),
        Objects.requireNonNullElse(master, "local[*]"),
        Objects.requireNonNullElse(conf, Map.of()));
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
    require(report == null || report.endsWith(".html"), "--report must name an .html file, got " + report);
    WriteMode.parse(mode);
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
