package dev.sparkembed.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a join did; printed as one JSON line and written to {@code _summary.json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinSummary(
    @JsonProperty("method") String method,
    @JsonProperty("k") Integer k,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty("self_join") boolean selfJoin,
    @JsonProperty("left_rows") long leftRows,
    @JsonProperty("right_rows") long rightRows,
    @JsonProperty("left_null_embeddings") long leftNullEmbeddings,
    @JsonProperty("right_null_embeddings") long rightNullEmbeddings,
    @JsonProperty("left_null_ids") long leftNullIds,
    @JsonProperty("right_null_ids") long rightNullIds,
    @JsonProperty("left_repeated_ids") long leftRepeatedIds,
    @JsonProperty("right_repeated_ids") long rightRepeatedIds,
    @JsonProperty("left_model") String leftModel,
    @JsonProperty("right_model") String rightModel,
    @JsonProperty("normalized") long normalized,
    @JsonProperty("dimension") Integer dimension,
    @JsonProperty("pairs") long pairs,
    @JsonProperty("seconds") double seconds,
    @JsonProperty("lists") Integer lists,
    @JsonProperty("probes") Integer probes,
    @JsonProperty("largest_list") Long largestList,
    @JsonProperty("recall_sample") Integer recallSample,
    @JsonProperty("recall") Double recall,
    @JsonProperty("output") String output) {

  public String toJson() {
    return Json.line(this);
  }

  public static JoinSummary fromJson(String json) {
    return Json.read(json, JoinSummary.class);
  }
}
