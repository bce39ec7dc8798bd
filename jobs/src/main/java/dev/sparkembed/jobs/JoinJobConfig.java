package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sparkembed.similarity.JoinMethods;
import dev.sparkembed.similarity.JoinOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The join job's settings; JSON keys are the CLI's flag names. Null means "not given".
 *
 * @param right null for a self-join of {@code left} (self pairs excluded)
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record JoinJobConfig(
    @Flag(value = "Embed output (queries).", label = "PATH") String left,
    @Flag(value = "Embed output (corpus); default: --left (a self-join that excludes self pairs).", label = "PATH") String right,
    @Flag(value = "Id column of both sides.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "Keep the top N right rows per left row.", label = "N") Integer k,
    @Flag(value = "Keep pairs with cosine >= T, T in [-1, 1].", label = "T") Double threshold,
    @Flag(value = "exact, ivf or lsh.", label = "M", defaultValue = "exact") String method,
    @Flag(value = "IVF lists (default: about 2 x sqrt of the right side's rows).", label = "N") Integer lists,
    @Flag(value = "IVF lists searched per left row (default: 3 x sqrt(lists), at least 8).", label = "N") Integer probes,
    @Flag(value = "IVF lists larger than this are split.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_MAX_LIST_ROWS)
    Integer maxListRows,
    @Flag(value = "Measure recall against exact search on N sampled left rows.", label = "N") Integer recallSample,
    @Flag(value = "Join even when the sides' model labels say different models made them.", defaultValue = "false")
    Boolean allowModelMismatch,
    @Flag(value = "Seed for sampling and k-means.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_SEED) Long seed,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @Flag(value = "error (refuse an output that holds data) or overwrite.", label = "MODE", defaultValue = "error") String mode,
    @Flag(value = "Spark master.", label = "URL", defaultValue = "local[*]") String master,
    @Flag(value = "Spark configuration; repeatable.", label = "KEY=VALUE") Map<String, String> conf) {

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
    require(JoinMethods.NAMES.contains(method),
        "bad method '" + method + "' (expected " + String.join(", ", JoinMethods.NAMES) + ")");
    require(lists == null || lists > 0, "--lists must be positive, got " + lists);
    require(probes == null || probes > 0, "--probes must be positive, got " + probes);
    require(lists == null || probes == null || probes <= lists, "--probes (" + probes + ") cannot exceed --lists (" + lists + ")");
    require(maxListRows > 0, "--max-list-rows must be positive, got " + maxListRows);
    require(recallSample == null || recallSample > 0, "--recall-sample must be positive, got " + recallSample);
    WriteMode.parse(mode);
    return this;
  }


  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
