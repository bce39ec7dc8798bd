package dev.sparkembed.jobs.classify;

import static dev.sparkembed.jobs.cluster.Format.round;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import dev.sparkembed.classify.ClassificationMetrics;
import dev.sparkembed.jobs.cluster.Format;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Step 4, evaluate: the embedding classifier and the baseline on the same test rows, as
 * accuracy, macro-F1, per-class figures and the confusion matrix, plus the pairs of classes the
 * embedding classifier confuses most, with examples.
 */
public final class ClassifierEvaluation {

  /** Pairs of confused classes shown, and test texts shown per pair. */
  static final int CONFUSED_PAIRS = 5;
  static final int EXAMPLES_PER_PAIR = 3;

  private ClassifierEvaluation() {}

  /** Metrics of one classifier's predictions in {@code predictedCol} against {@code label_value}. */
  public static ClassificationMetrics metrics(Dataset<Row> predictions, String predictedCol, List<String> labels) {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    predictions.groupBy(col("label_value"), col(predictedCol)).count().collectAsList().forEach(r ->
        counts.computeIfAbsent(r.getString(0), l -> new HashMap<>())
            .put(r.isNullAt(1) ? "(none)" : r.getString(1), r.getLong(2)));
    return ClassificationMetrics.of(counts, labels);
  }

  /** The summary's figures for one classifier. */
  public static Map<String, Object> figures(ClassificationMetrics metrics, double regParam, double[] grid, double[] cvAccuracy) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accuracy", round(metrics.accuracy()));
    out.put("macro_f1", round(metrics.macroF1()));
    out.put("reg_param", regParam);
    List<Map<String, Object>> curve = new ArrayList<>();
    for (int i = 0; i < grid.length; i++) {
      curve.add(Map.of("reg_param", grid[i], "cv_accuracy", round(cvAccuracy[i])));
    }
    out.put("cross_validation", curve);
    Map<String, Object> perClass = new LinkedHashMap<>();
    metrics.perClass().forEach(p -> perClass.put(p.label(), Map.of(
        "precision", round(p.precision()), "recall", round(p.recall()), "f1", round(p.f1()), "support", p.support())));
    out.put("per_class", perClass);
    out.put("confusion_matrix", metrics.confusion());
    return out;
  }

  /**
   * The {@value #CONFUSED_PAIRS} commonest (true, predicted) mistakes of {@code predictedCol}, each
   * with up to {@value #EXAMPLES_PER_PAIR} of its test texts (by id order).
   */
  public static List<Map<String, Object>> mostConfused(Dataset<Row> predictions, String predictedCol,
      ClassificationMetrics metrics) {
    List<ClassificationMetrics.Confusion> pairs = metrics.mostConfused(CONFUSED_PAIRS);
    if (pairs.isEmpty()) {
      return List.of();
    }
    Column inPairs = null;
    for (ClassificationMetrics.Confusion pair : pairs) {
      Column one = col("label_value").equalTo(pair.trueLabel()).and(col(predictedCol).equalTo(pair.predictedLabel()));
      inPairs = inPairs == null ? one : inPairs.or(one);
    }
    Map<String, List<String>> examples = new HashMap<>();
    predictions.filter(inPairs)
        .withColumn("_n", row_number().over(Window.partitionBy("label_value", predictedCol).orderBy("id")))
        .filter(col("_n").leq(EXAMPLES_PER_PAIR))
        .select(col("label_value"), col(predictedCol), col("id"), col("text"))
        .orderBy("id").collectAsList()
        .forEach(r -> examples.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new ArrayList<>())
            .add(Format.snippet(r.isNullAt(3) ? "(no text)" : r.getString(3))));
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClassificationMetrics.Confusion pair : pairs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("true_label", pair.trueLabel());
      m.put("predicted_label", pair.predictedLabel());
      m.put("count", pair.count());
      m.put("examples", examples.getOrDefault(pair.trueLabel() + "\u0000" + pair.predictedLabel(), List.of()));
      out.add(m);
    }
    return out;
  }
}
