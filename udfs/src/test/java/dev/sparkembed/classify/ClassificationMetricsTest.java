package dev.sparkembed.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The metrics against MLlib's own MulticlassMetrics, an independent implementation, on random predictions. */
class ClassificationMetricsTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("metrics-test").config("spark.ui.enabled", "false").getOrCreate();
  }

  @Test
  void accuracyMacroF1AndPerClassFiguresEqualMllibs() {
    List<String> labels = List.of("a", "b", "c", "d", "e");
    Random random = new Random(7);
    List<Tuple2<Object, Object>> pairs = new ArrayList<>();
    Map<String, Map<String, Long>> counts = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      int truth = random.nextInt(4); // class "e" has no true rows: it is only ever predicted
      int predicted = random.nextDouble() < 0.6 ? truth : random.nextInt(5);
      pairs.add(new Tuple2<>((double) predicted, (double) truth));
      counts.computeIfAbsent(labels.get(truth), k -> new HashMap<>()).merge(labels.get(predicted), 1L, Long::sum);
    }
    MulticlassMetrics mllib = new MulticlassMetrics(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pairs).rdd());
    ClassificationMetrics ours = ClassificationMetrics.of(counts, labels);

    assertEquals(mllib.accuracy(), ours.accuracy(), 1e-12);
    double f1Sum = 0;
    for (int c = 0; c < 4; c++) {
      ClassificationMetrics.PerClass p = ours.perClass().get(c);
      assertEquals(mllib.precision(c), p.precision(), 1e-12, "precision of " + p.label());
      assertEquals(mllib.recall(c), p.recall(), 1e-12, "recall of " + p.label());
      assertEquals(mllib.fMeasure(c), p.f1(), 1e-12, "F1 of " + p.label());
      f1Sum += mllib.fMeasure(c);
    }
    assertEquals(f1Sum / 4, ours.macroF1(), 1e-12, "macro-F1 averages the classes that have test rows");
    // Column-major, rows = true labels; MLlib's classes are the true labels only (a, b, c, d).
    double[] mllibMatrix = mllib.confusionMatrix().toArray();
    int n = mllib.labels().length;
    assertEquals(4, n);
    for (int t = 0; t < 4; t++) {
      for (int p = 0; p < 4; p++) {
        assertEquals(mllibMatrix[p * n + t], ours.confusion()[t][p], "cell " + t + "," + p);
      }
    }
  }

  @Test
  void mostConfusedAreTheLargestOffDiagonalCells() {
    ClassificationMetrics m = ClassificationMetrics.of(Map.of(
        "a", Map.of("a", 5L, "b", 3L, "c", 1L),
        "b", Map.of("b", 4L, "a", 3L),
        "c", Map.of("c", 2L, "a", 6L)), List.of("a", "b", "c"));
    assertEquals(List.of(new ClassificationMetrics.Confusion("c", "a", 6), new ClassificationMetrics.Confusion("a", "b", 3),
        new ClassificationMetrics.Confusion("b", "a", 3)), m.mostConfused(3));
    assertArrayEquals(new long[] {5, 3, 1}, m.confusion()[0]);
  }

  @Test
  void aLabelOutsideTheClassesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassificationMetrics.of(Map.of("a", Map.of("z", 1L)), List.of("a", "b")));
    assertEquals("label 'z' is not among the classes [a, b]", e.getMessage());
  }
}
