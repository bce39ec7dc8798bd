package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.Map;

/** The dedup job's settings; JSON keys are the CLI's flag names. */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record DedupJobConfig(
    @Flag(value = "Embed output.", label = "PATH") String input,
    @Flag(value = "Id column.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "Cosine at or above which two rows are duplicates.", label = "T") Double threshold,
    @FlagGroup PairSearch search,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @FlagGroup SparkRun run) {

  public static DedupJobConfig read(Path file) {
    return ConfigFiles.read(file, DedupJobConfig.class);
  }

  public DedupJobConfig withDefaults() {
    return ConfigFiles.withDefaults(this);
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

  /** The threshold self-join that finds the near-duplicate pairs: the same keys, input as left. */
  JoinJobConfig asJoin() {
    Map<String, Object> left = new java.util.HashMap<>();
    left.put("left", input);
    return ConfigFiles.convert(this, JoinJobConfig.class, left);
  }
}
