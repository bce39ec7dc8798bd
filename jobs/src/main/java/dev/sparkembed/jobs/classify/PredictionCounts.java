package dev.sparkembed.jobs.classify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;

import dev.sparkembed.classify.EmbeddingClassifierModel;
import dev.sparkembed.spark.ScalaCollections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The apply job's counts per status and per predicted label, observed while the predictions are
 * written instead of read back from the files afterwards. They are exact under task retries: the
 * counts are accumulated in the write's result stage, whose task updates Spark applies once per
 * partition, retried or speculated alike. Each column is counted by one aggregator that looks its
 * value up among the known ones, and a value it does not know fails the counts rather than going
 * uncounted: a {@code sum(when(...))} per label and status (24 of them for 20 labels) made the
 * write 9-16% slower than writing without counts, the lookup 6-11% (BENCHMARKS.md, "Applying:
 * counting by lookup").
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
    Encoder<long[]> counts = predictions.sparkSession().implicits().newLongArrayEncoder();
    Column byStatus = udaf(new CountsByValue(STATUSES, counts), Encoders.STRING()).apply(col("status"));
    Column byLabel = udaf(new CountsByValue(labels, counts), Encoders.STRING()).apply(col(predictionCol));
    return predictions.observe(observation, count(lit(1)).as("rows"), byStatus.as("by_status"), byLabel.as("by_label"));
  }

  /** Rows per status, every status present (0 when none); call after the write. */
  public Map<String, Long> byStatus() {
    Map<String, Object> observed = observed();
    long[] counted = counts(observed, "by_status", "status", STATUSES);
    Map<String, Long> byStatus = new TreeMap<>();
    long total = 0;
    for (int i = 0; i < STATUSES.size(); i++) {
      byStatus.put(STATUSES.get(i), counted[i]);
      total += counted[i];
    }
    long rows = ((Number) observed.get("rows")).longValue();
    if (total != rows) { // a status this class does not know, or none: a bug, not an input problem
      throw new IllegalStateException(rows + " rows written, " + total + " with a known status: " + byStatus);
    }
    return byStatus;
  }

  /** Rows per predicted label, labels predicted for no row left out; call after the write. */
  public Map<String, Long> byLabel() {
    long[] counted = counts(observed(), "by_label", "label", labels);
    Map<String, Long> byLabel = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (counted[i] > 0) {
        byLabel.put(labels.get(i), counted[i]);
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

  /**
   * The counts per value given, in their order; a value not among them is a bug of the job, not an
   * input problem. Spark gives the aggregator's zero counts when no row was written.
   */
  private static long[] counts(Map<String, Object> observed, String metric, String column, List<String> values) {
    List<?> observedCounts = ScalaCollections.toJava((scala.collection.Iterable<?>) observed.get(metric));
    long[] counted = observedCounts.stream().mapToLong(n -> ((Number) n).longValue()).toArray();
    if (counted[values.size()] != 0) {
      throw new IllegalStateException(counted[values.size()] + " rows with a " + column + " other than " + values);
    }
    return counted;
  }

  /**
   * Rows per value of a string column, in the order of the values given, plus one count of the
   * values not given (nulls are not counted): one hash lookup a row.
   */
  static final class CountsByValue extends Aggregator<String, long[], long[]> {
    private final String[] values;
    private final Encoder<long[]> encoder;
    private transient Map<String, Integer> index;

    CountsByValue(List<String> values, Encoder<long[]> encoder) {
      this.values = values.toArray(new String[0]);
      this.encoder = encoder;
    }

    @Override
    public long[] zero() {
      return new long[values.length + 1];
    }

    @Override
    public long[] reduce(long[] counts, String value) {
      if (value != null) {
        if (index == null) {
          index = new HashMap<>();
          for (int i = 0; i < values.length; i++) {
            index.put(values[i], i);
          }
        }
        Integer i = index.get(value);
        counts[i == null ? values.length : i]++;
      }
      return counts;
    }

    @Override
    public long[] merge(long[] counts, long[] more) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += more[i];
      }
      return counts;
    }

    @Override
    public long[] finish(long[] counts) {
      return counts;
    }

    @Override
    public Encoder<long[]> bufferEncoder() {
      return encoder;
    }

    @Override
    public Encoder<long[]> outputEncoder() {
      return encoder;
    }
  }
}
