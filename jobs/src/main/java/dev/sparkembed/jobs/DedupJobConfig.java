package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** The dedup job's settings; JSON keys are the CLI's flag names. */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record DedupJobConfig(
    String input,
    String idCol,
    String embeddingCol,
    Double threshold,
    String method,
    Integer lists,
    Integer probes,
    Boolean allowModelMismatch,
    Long seed,
    String output,
    String mode,
    String master,
    Map<String, String> conf) {

  public static DedupJobConfig read(Path file) {
    return ConfigFiles.read(file, DedupJobConfig.class);
  }

  public DedupJobConfig withDefaults() {
    return new DedupJobConfig(input,
        Objects.requireNonNullElse(idCol, "id"),
        Objects.requireNonNullElse(embeddingCol, "embedding"),
        threshold,
        Objects.requireNonNullElse(method, "exact"),
        lists, probes,
        Objects.requireNonNullElse(allowModelMismatch, false),
        Objects.requireNonNullElse(seed, 42L),
        output,
        Objects.requireNonNullElse(mode, "error"),
        Objects.requireNonNullElse(master, "local[*]"),
        Objects.requireNonNullElse(conf, Map.of()));
  }

  public DedupJobConfig validate() {
    if (input == null || input.isBlank()) {
      throw new UserInputException("--input is required");
    }
    if (output == null || output.isBlank()) {
      throw new UserInputException("--output is required");
    }
    if (threshold == null) {
      throw new UserInputException("--threshold is required");
    }
    // The pair search takes the same settings as a threshold self-join.
    asJoin().validate();
    return this;
  }

  /** The threshold self-join that finds the near-duplicate pairs. */
  JoinJobConfig asJoin() {
    return new JoinJobConfig(input, null, idCol, embeddingCol, null, threshold, method, lists, probes, 2048, null, allowModelMismatch, seed,
        output, mode, master, conf);
  }
}
