package dev.sparkembed.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an embed run did, printed as one JSON line and written to {@code _summary.json}. Counts are
 * read back from the written output, so they are exact even when tasks were retried.
 */
public record EmbedSummary(
    @JsonProperty("rows_read") long rowsRead,
    @JsonProperty("embedded") long embedded,
    @JsonProperty("null_text") long nullText,
    @JsonProperty("truncated") long truncated,
    @JsonProperty("rejected") long rejected,
    @JsonProperty("duplicate_ids") long duplicateIds,
    @JsonProperty("null_ids") long nullIds,
    @JsonProperty("generated_ids") boolean generatedIds,
    @JsonProperty("tokens") long tokens,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("rows_per_second") double rowsPerSecond,
    @JsonProperty("tokens_per_second") double tokensPerSecond,
    @JsonProperty("model") String model,
    @JsonProperty("input") String input,
    @JsonProperty("output") String output) {

  public String toJson() {
    return Json.line(this);
  }

  public static EmbedSummary fromJson(String json) {
    return Json.read(json, EmbedSummary.class);
  }
}
