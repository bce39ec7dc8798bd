package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sparkembed.similarity.JoinOptions;
import java.nio.file.Path;
import java.util.Map;

/** The dedup job's settings; JSON keys are the CLI's flag names. */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record DedupJobConfig(
    @Flag(value = "Embed output.", label = "PATH") String input,
    @Flag(value = "Id column.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "Cosine at or above which two rows are duplicates.", label = "T") Double threshold,
    @Flag(value = "Pair search: exact, ivf or lsh.", label = "M", defaultValue = "exact") String method,
    @Flag(value = "IVF lists (default: about 2 x sqrt of the rows).", label = "N") Integer lists,
    @Flag(value = "IVF lists searched per row (default: 3 x sqrt(lists), at least 8).", label = "N") Integer probes,
    @Flag(value = "IVF lists larger than this are split.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_MAX_LIST_ROWS)
    Integer maxListRows,
    @Flag(value = "Group rows even when the input mixes model labels.", defaultValue = "false") Boolean allowModelMismatch,
    @Flag(value = "Seed for sampling and k-means.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_SEED) Long seed,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @Flag(value = "error (refuse an output that holds data) or overwrite.", label = "MODE", defaultValue = "error") String mode,
    @Flag(value = "Spark master.", label = "URL", defaultValue = "local[*]") String master,
    @Flag(value = "Spark configuration; repeatable.", label = "KEY=VALUE") Map<String, String> conf) {

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
