package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;

/**
 * The join job's settings; JSON keys are the CLI's flag names. Null means "not given".
 *
 * @param right null for a self-join of {@code left} (self pairs excluded)
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record JoinJobConfig(
    @Flag(value = "Embed output (queries).", label = "PATH") String left,
    @Flag(value = "Embed output (corpus); default, or the same path: --left (a self-join that excludes self pairs).", label = "PATH") String right,
    @Flag(value = "Id column of both sides.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "Keep the top N right rows per left row.", label = "N") Integer k,
    @Flag(value = "Keep pairs with cosine >= T, T in [-1, 1].", label = "T") Double threshold,
    @Flag(value = "Measure recall against exact search on N sampled left rows.", label = "N") Integer recallSample,
    @FlagGroup PairSearch search,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @FlagGroup SparkRun run) {

  public static JoinJobConfig read(Path file) {
    return ConfigFiles.read(file, JoinJobConfig.class);
  }

  public JoinJobConfig withDefaults() {
    return ConfigFiles.withDefaults(this);
  }

  public JoinJobConfig validate() {
    require(left != null && !left.isBlank(), "--left is required");
    require(output != null && !output.isBlank(), "--output is required");
    require(k != null || threshold != null, "give --k, --threshold or both");
    require(k == null || k > 0, "--k must be positive, got " + k);
    require(threshold == null || (threshold >= -1 && threshold <= 1), "--threshold must be within [-1, 1], got " + threshold);
    search.validate();
    require(recallSample == null || recallSample > 0, "--recall-sample must be positive, got " + recallSample);
    run.wholeOutputMode();
    return this;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
