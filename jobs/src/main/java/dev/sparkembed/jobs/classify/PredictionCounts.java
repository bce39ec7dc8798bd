package dev.sparkembed.jobs.classify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.classify.EmbeddingClassifierModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * The apply job's counts per status and per predicted label, observed while the predictions are
 * written instead of read back from the files afterwards. They are exact under task retries: the
 * counts are accumulated in the write's result stage, whose task updates Spark applies once per
 * partition, retried or speculated alike.
 */
public final class PredictionCounts {

  static final List<String> STATUSES = List.of(EmbeddingClassifierModel.OK, EmbeddingClassifierModel.NULL_EMBEDDING,
      EmbeddingClassifierModel.MODEL_MISMATCH, EmbeddingClassifierModel.DIMENSION_MISMATCH);

  private final List<String> labels;
  private final Observation observation = new Observation();

  public PredictionCounts(String[] labels) {
    this.labels = List.of(labels);
  }

  /** The rows, counted as whatever action runs them first (the write) goes through them. */
  public Dataset<Row> observe(Dataset<Row> predictions, String predictionCol) {
    List<Column> metrics = new ArrayList<>();
    for (int i = 0; i < STATUSES.size(); i++) {
      metrics.add(sum(when(col("status").equalTo(STATUSES.get(i)), 1L).otherwise(0L)).as("status_" + i));
    }
    for (int i = 0; i < labels.size(); i++) {
      metrics.add(sum(when(col(predictionCol).equalTo(labels.get(i)), 1L).otherwise(0L)).as("label_" + i));
    }
    return predictions.observe(observation, count(lit(1)).as("rows"), metrics.toArray(new Column[0]));
  }

  /** Rows per status, every status present (0 when none); call after the write. */
  public Map<String, Long> byStatus() {
    Map<String, Object> observed = observed();
    Map<String, Long> byStatus = new TreeMap<>();
    long counted = 0;
    for (int i = 0; i < STATUSES.size(); i++) {
      long n = value(observed, "status_" + i);
      byStatus.put(STATUSES.get(i), n);
      counted += n;
    }
    long rows = value(observed, "rows");
    if (counted != rows) { // a status this class does not know: a bug, not an input problem
      throw new IllegalStateException(rows + " rows written, " + counted + " with a known status: " + byStatus);
    }
    return byStatus;
  }

  /** Rows per predicted label, labels predicted for no row left out; call after the write. */
  public Map<String, Long> byLabel() {
    Map<String, Object> observed = observed();
    Map<String, Long> byLabel = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      long n = value(observed, "label_" + i);
      if (n > 0) {
        byLabel.put(labels.get(i), n);
      }
    }
    return byLabel;
  }

  private Map<String, Object> observed() {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the prediction counts", e);
    }
  }

  /** A sum over no rows is null. */
  private static long value(Map<String, Object> observed, String name) {
    Object v = observed.get(name);
    return v == null ? 0 : ((Number) v).longValue();
  }
}
