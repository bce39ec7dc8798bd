package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The join job's settings; JSON keys are the CLI's flag names. Null means "not given".
 *
 * @param right null for a self-join of {@code left} (self pairs excluded)
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record JoinJobConfig(
    String left,
    String right,
    String idCol,
    String embeddingCol,
    Integer k,
    Double threshold,
    String method,
    Integer lists,
    Integer probes,
    Integer maxListRows,
    Integer recallSample,
    Boolean allowModelMismatch,
    Long seed,
    String output,
    String mode,
    String master,
    Map<String, String> conf) {

  public static JoinJobConfig read(Path file) {
    return ConfigFiles.read(file, JoinJobConfig.class);
  }

  public JoinJobConfig withDefaults() {
    return new JoinJobConfig(left, right,
        Objects.requireNonNullElse(idCol, "id"),
        Objects.requireNonNullElse(embeddingCol, "embedding"),
        k, threshold,
        Objects.requireNonNullElse(method, "exact"),
        lists, probes,
        Objects.requireNonNullElse(maxListRows, 2048),
        recallSample,
        Objects.requireNonNullElse(allowModelMismatch, false),
        Objects.requireNonNullElse(seed, 42L),
        output,
        Objects.requireNonNullElse(mode, "error"),
        Objects.requireNonNullElse(master, "local[*]"),
        Objects.requireNonNullElse(conf, Map.of()));
  }

  public JoinJobConfig validate() {
    require(left != null && !left.isBlank(), "--left is required");
    require(output != null && !output.isBlank(), "--output is required");
    require(k != null || threshold != null, "give --k, --threshold or both");
    require(k == null || k > 0, "--k must be positive, got " + k);
    require(threshold == null || (threshold >= -1 && threshold <= 1), "--threshold must be within [-1, 1], got " + threshold);
    JoinMethod.parse(method);
    require(lists == null || lists > 0, "--lists must be positive, got " + lists);
    require(probes == null || probes > 0, "--probes must be positive, got " + probes);
    require(lists == null || probes == null || probes <= lists, "--probes (" + probes + ") cannot exceed --lists (" + lists + ")");
    require(maxListRows > 0, "--max-list-rows must be positive, got " + maxListRows);
    require(recallSample == null || recallSample > 0, "--recall-sample must be positive, got " + recallSample);
    WriteMode.parse(mode);
    return this;
  }

  public JoinMethod methodValue() {
    return JoinMethod.parse(method);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
