package dev.sparkembed.jobs.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PredictionCountsTest {

  private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType)
      .add("predicted_label", DataTypes.StringType).add("status", DataTypes.StringType);

  /** Counts the rows as the apply job does, while they are written (here to Spark's no-op sink). */
  private static PredictionCounts written(List<Row> rows, String... labels) {
    SparkSession spark = TestSpark.session();
    PredictionCounts counts = new PredictionCounts(labels);
    Dataset<Row> predictions = spark.createDataFrame(rows, SCHEMA).repartition(3);
    counts.observe(predictions, "predicted_label").write().format("noop").mode("overwrite").save();
    return counts;
  }

  @Test
  void countsEveryRowByStatusAndEveryClassifiedRowByLabelAcrossPartitions() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      rows.add(RowFactory.create("a" + i, "sports", "ok"));
    }
    for (int i = 0; i < 4; i++) {
      rows.add(RowFactory.create("b" + i, "news", "ok"));
    }
    rows.add(RowFactory.create("c0", null, "null_embedding"));
    rows.add(RowFactory.create("c1", null, "null_embedding"));
    rows.add(RowFactory.create("d0", null, "dimension_mismatch"));
    rows.add(RowFactory.create("e0", null, "model_mismatch"));
    PredictionCounts counts = written(rows, "news", "sports", "weather");

    assertEquals(Map.of("ok", 11L, "null_embedding", 2L, "dimension_mismatch", 1L, "model_mismatch", 1L),
        counts.byStatus());
    // A label no row was given stays out.
    assertEquals(Map.of("sports", 7L, "news", 4L), counts.byLabel());
  }

  @Test
  void noRowsCountsZeroForEveryStatus() {
    PredictionCounts counts = written(List.of(), "news", "sports");
    assertEquals(Map.of("ok", 0L, "null_embedding", 0L, "dimension_mismatch", 0L, "model_mismatch", 0L),
        counts.byStatus());
    assertEquals(Map.of(), counts.byLabel());
  }

  @Test
  void aLabelOrStatusTheCountsDoNotKnowIsABugNotAQuietGap() {
    PredictionCounts counts = written(List.of(RowFactory.create("a", "sports", "ok"),
        RowFactory.create("b", "cooking", "ok"), RowFactory.create("c", null, "lost")), "news", "sports");
    IllegalStateException label = assertThrows(IllegalStateException.class, counts::byLabel);
    assertEquals("1 rows with a label other than [news, sports]", label.getMessage());
    IllegalStateException status = assertThrows(IllegalStateException.class, counts::byStatus);
    assertTrue(status.getMessage().startsWith("1 rows with a status other than [ok, null_embedding, model_mismatch,"),
        status.getMessage());
  }
}
