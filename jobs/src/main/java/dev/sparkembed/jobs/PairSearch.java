package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sparkembed.similarity.JoinMethod;
import dev.sparkembed.similarity.JoinMethods;
import dev.sparkembed.similarity.JoinOptions;

/**
 * How join and dedup search for pairs: the method and its knobs, declared once for both jobs
 * ({@link FlagGroup}); the defaults are the library's ({@link JoinOptions}).
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record PairSearch(
    @Flag(value = "exact, ivf or lsh.", label = "M", defaultValue = "exact") String method,
    @Flag(value = "IVF lists (default: about 2 x sqrt of the right side's rows).", label = "N") Integer lists,
    @Flag(value = "IVF lists searched per row (default: 3 x sqrt(lists), at least 8).", label = "N") Integer probes,
    @Flag(value = "IVF lists larger than this are split.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_MAX_LIST_ROWS)
    Integer maxListRows,
    @Flag(value = "Search even when the model labels say different models made the vectors.", defaultValue = "false")
    Boolean allowModelMismatch,
    @Flag(value = "Seed for sampling, k-means and LSH.", label = "N", defaultValue = "" + JoinOptions.DEFAULT_SEED) Long seed) {

  /** Checks values after defaults; throws a one-line {@link UserInputException}. */
  void validate() {
    require(JoinMethods.NAMES.contains(method),
        "bad method '" + method + "' (expected " + String.join(", ", JoinMethods.NAMES) + ")");
    require(lists == null || lists > 0, "--lists must be positive, got " + lists);
    require(probes == null || probes > 0, "--probes must be positive, got " + probes);
    require(lists == null || probes == null || probes <= lists, "--probes (" + probes + ") cannot exceed --lists (" + lists + ")");
    require(maxListRows > 0, "--max-list-rows must be positive, got " + maxListRows);
  }

  /** The method, from the library's one registry. */
  public JoinMethod joinMethod() {
    return JoinMethods.byName(method, new JoinOptions(lists, probes, maxListRows, seed));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
