package dev.sparkembed.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multiclass quality from a confusion table: accuracy, macro-F1 (the unweighted mean of the
 * per-class F1, so rare classes count as much as common ones) and per-class precision, recall and
 * F1. A class never predicted has precision 0, as scikit-learn reports it with {@code
 * zero_division=0}.
 *
 * @param labels every class, in the order of the matrix's rows and columns
 * @param confusion {@code confusion[t][p]}: test rows of true class {@code labels[t]} predicted as {@code labels[p]}
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion) {

  /** One class's figures; {@code support} is its number of true rows. */
  public record PerClass(String label, double precision, double recall, double f1, long support) {}

  /** A pair of classes the classifier mixed up, and how often. */
  public record Confusion(String trueLabel, String predictedLabel, long count) {}

  public ClassificationMetrics {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(confusion, "confusion");
    if (confusion.length != labels.size()) {
      throw new IllegalArgumentException("confusion has " + confusion.length + " rows for " + labels.size() + " labels");
    }
    for (long[] row : confusion) {
      if (row.length != labels.size()) {
        throw new IllegalArgumentException("confusion row has " + row.length + " columns for " + labels.size() + " labels");
      }
    }
  }

  /**
   * @param counts (true label, predicted label) → rows
   * @param labels every class, including any that no row has
   */
  public static ClassificationMetrics of(Map<String, Map<String, Long>> counts, List<String> labels) {
    Map<String, Integer> index = new LinkedHashMap<>();
    labels.forEach(l -> index.put(l, index.size()));
    long[][] matrix = new long[labels.size()][labels.size()];
    counts.forEach((truth, predicted) -> predicted.forEach((p, n) -> {
      Integer t = index.get(truth);
      Integer q = index.get(p);
      if (t == null || q == null) {
        throw new IllegalArgumentException("label '" + (t == null ? truth : p) + "' is not among the classes " + labels);
      }
      matrix[t][q] += n;
    }));
    return new ClassificationMetrics(List.copyOf(labels), matrix);
  }

  public long total() {
    long n = 0;
    for (long[] row : confusion) {
      for (long c : row) {
        n += c;
      }
    }
    return n;
  }

  public double accuracy() {
    long n = total();
    if (n == 0) {
      throw new IllegalStateException("no rows to evaluate");
    }
    long hits = 0;
    for (int i = 0; i < confusion.length; i++) {
      hits += confusion[i][i];
    }
    return (double) hits / n;
  }

  public List<PerClass> perClass() {
    List<PerClass> out = new ArrayList<>();
    for (int c = 0; c < labels.size(); c++) {
      long truePositives = confusion[c][c];
      long actual = 0;
      long predicted = 0;
      for (int o = 0; o < labels.size(); o++) {
        actual += confusion[c][o];
        predicted += confusion[o][c];
      }
      double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
      double recall = actual == 0 ? 0 : (double) truePositives / actual;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      out.add(new PerClass(labels.get(c), precision, recall, f1, actual));
    }
    return out;
  }

  /** The mean F1 over classes that have test rows. */
  public double macroF1() {
    return perClass().stream().filter(p -> p.support() > 0).mapToDouble(PerClass::f1).average()
        .orElseThrow(() -> new IllegalStateException("no rows to evaluate"));
  }

  /** The off-diagonal cells, most frequent first (ties by label), at most {@code limit}. */
  public List<Confusion> mostConfused(int limit) {
    List<Confusion> out = new ArrayList<>();
    for (int t = 0; t < labels.size(); t++) {
      for (int p = 0; p < labels.size(); p++) {
        if (t != p && confusion[t][p] > 0) {
          out.add(new Confusion(labels.get(t), labels.get(p), confusion[t][p]));
        }
      }
    }
    out.sort(Comparator.comparingLong(Confusion::count).reversed()
        .thenComparing(Confusion::trueLabel).thenComparing(Confusion::predictedLabel));
    return out.subList(0, Math.min(limit, out.size()));
  }
}
