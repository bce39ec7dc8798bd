package dev.sparkembed.jobs.classify;

import dev.sparkembed.jobs.OutputPaths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The training report: one self-contained HTML page (inline CSS, no script, nothing fetched) with
 * the embedding classifier and the TF-IDF baseline side by side, the cross-validation curve,
 * per-class figures, the confusion matrix as a heat map and the classes most often confused,
 * with test texts. Written through the Hadoop file system of its path, as every driver file.
 */
public final class ClassifyReport {

  private ClassifyReport() {}

  @SuppressWarnings("unchecked")
  public static void write(String file, Map<String, Object> summary, Configuration conf) {
    Map<String, Object> emb = (Map<String, Object>) summary.get("embedding");
    Map<String, Object> base = (Map<String, Object>) summary.get("tfidf_baseline");
    List<String> labels = (List<String>) summary.get("labels");
    StringBuilder html = new StringBuilder(HEAD);
    html.append("<h1>Classifier: ").append(labels.size()).append(" classes</h1>\n<p class=\"overview\">")
        .append(summary.get("train_rows")).append(" training rows, ").append(summary.get("test_rows"))
        .append(" test rows (a stratified ").append(pct((Double) summary.get("test_fraction"))).append(" of each class, seed ")
        .append(summary.get("seed")).append("); regularisation chosen by ").append(summary.get("folds"))
        .append("-fold cross-validation on the training rows. Embeddings: ").append(esc(String.valueOf(summary.get("model"))))
        .append(".</p>\n");

    html.append("<h2>Test set</h2>\n<table id=\"metrics\"><thead><tr><th>measure</th><th>embeddings + logistic regression</th>"
        + "<th>TF-IDF + logistic regression</th></tr></thead><tbody>\n");
    metricRow(html, "accuracy", emb.get("accuracy"), base.get("accuracy"));
    metricRow(html, "macro-F1", emb.get("macro_f1"), base.get("macro_f1"));
    html.append("<tr><td>regularisation chosen</td><td>").append(plain(emb.get("reg_param"))).append("</td><td>")
        .append(plain(base.get("reg_param"))).append("</td></tr>\n</tbody></table>\n");

    html.append("<h2>Cross-validation accuracy by regularisation</h2>\n<table id=\"cv\"><thead><tr><th>reg_param</th>"
        + "<th>embeddings</th><th>TF-IDF</th></tr></thead><tbody>\n");
    List<Map<String, Object>> embCurve = (List<Map<String, Object>>) emb.get("cross_validation");
    List<Map<String, Object>> baseCurve = (List<Map<String, Object>>) base.get("cross_validation");
    for (int i = 0; i < embCurve.size(); i++) {
      Object reg = embCurve.get(i).get("reg_param");
      html.append("<tr class=\"cv-row\"><td>").append(plain(reg)).append(reg.equals(emb.get("reg_param")) ? " (chosen)" : "")
          .append("</td><td>").append(embCurve.get(i).get("cv_accuracy")).append("</td><td>")
          .append(baseCurve.get(i).get("cv_accuracy")).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");

    html.append("<h2>Confusion matrix (embeddings, test rows)</h2>\n<p class=\"note\">Rows: true class; columns: "
        + "predicted class. Shade: share of the row. Hover a cell for its count.</p>\n<div class=\"scroll\"><table id=\"confusion\">"
        + "<thead><tr><th>true \\ predicted</th>");
    for (String label : labels) {
      html.append("<th class=\"col\"><span>").append(esc(label)).append("</span></th>");
    }
    html.append("</tr></thead><tbody>\n");
    long[][] matrix = (long[][]) emb.get("confusion_matrix");
    for (int t = 0; t < labels.size(); t++) {
      long rowTotal = 0;
      for (long c : matrix[t]) {
        rowTotal += c;
      }
      html.append("<tr><th>").append(esc(labels.get(t))).append("</th>");
      for (int p = 0; p < labels.size(); p++) {
        double share = rowTotal == 0 ? 0 : (double) matrix[t][p] / rowTotal;
        String colour = t == p ? "37, 99, 235" : "220, 38, 38";
        html.append("<td class=\"cm-cell\" data-count=\"").append(matrix[t][p]).append("\" style=\"background: rgba(")
            .append(colour).append(", ").append(String.format(Locale.ROOT, "%.3f", share)).append(")\" title=\"")
            .append(esc(labels.get(t))).append(" → ").append(esc(labels.get(p))).append(": ").append(matrix[t][p])
            .append("\">").append(matrix[t][p] == 0 ? "" : matrix[t][p]).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table></div>\n");

    html.append("<h2>Most often confused (embeddings)</h2>\n<table id=\"confused\"><thead><tr><th>true</th><th>predicted as</th>"
        + "<th>test rows</th><th>examples</th></tr></thead><tbody>\n");
    for (Map<String, Object> pair : (List<Map<String, Object>>) summary.get("most_confused")) {
      html.append("<tr class=\"confused-pair\"><td>").append(esc((String) pair.get("true_label"))).append("</td><td>")
          .append(esc((String) pair.get("predicted_label"))).append("</td><td>").append(pair.get("count")).append("</td><td>");
      for (String example : (List<String>) pair.get("examples")) {
        html.append("<p class=\"ex\">").append(esc(example)).append("</p>");
      }
      html.append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");

    html.append("<h2>Per class (test rows)</h2>\n<table id=\"per-class\"><thead><tr><th>class</th><th>test rows</th>"
        + "<th>F1 embeddings</th><th>F1 TF-IDF</th><th>precision / recall embeddings</th><th>precision / recall TF-IDF</th>"
        + "</tr></thead><tbody>\n");
    Map<String, Map<String, Object>> embClasses = (Map<String, Map<String, Object>>) emb.get("per_class");
    Map<String, Map<String, Object>> baseClasses = (Map<String, Map<String, Object>>) base.get("per_class");
    for (String label : labels) {
      Map<String, Object> e = embClasses.get(label);
      Map<String, Object> b = baseClasses.get(label);
      double fe = ((Number) e.get("f1")).doubleValue();
      double fb = ((Number) b.get("f1")).doubleValue();
      html.append("<tr class=\"class-row\"><td>").append(esc(label)).append("</td><td>").append(e.get("support"))
          .append("</td><td").append(fe > fb ? " class=\"better\"" : "").append(">").append(e.get("f1"))
          .append("</td><td").append(fb > fe ? " class=\"better\"" : "").append(">").append(b.get("f1"))
          .append("</td><td>").append(e.get("precision")).append(" / ").append(e.get("recall"))
          .append("</td><td>").append(b.get("precision")).append(" / ").append(b.get("recall")).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</body>\n</html>\n");
    OutputPaths.writeText(file, html.toString(), conf);
  }

  private static void metricRow(StringBuilder html, String name, Object embedding, Object baseline) {
    double e = ((Number) embedding).doubleValue();
    double b = ((Number) baseline).doubleValue();
    html.append("<tr><td>").append(name).append("</td><td").append(e > b ? " class=\"better\"" : "").append(">")
        .append(embedding).append("</td><td").append(b > e ? " class=\"better\"" : "").append(">").append(baseline)
        .append("</td></tr>\n");
  }

  private static String plain(Object number) {
    return new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String HEAD = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>spark-embed classifier</title>
      <style>
        body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; }
        .note, .overview { color: #555; } .note { font-size: 12px; }
        table { border-collapse: collapse; }
        th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: left; vertical-align: top; }
        th { background: #f6f6f6; }
        td.better { font-weight: 700; }
        .scroll { overflow-x: auto; }
        #confusion td { text-align: center; min-width: 28px; border: 1px solid #eee; }
        #confusion th.col { height: 110px; white-space: nowrap; vertical-align: bottom; }
        #confusion th.col span { display: inline-block; transform: rotate(-60deg); transform-origin: left bottom; width: 24px; }
        .ex { color: #444; font-size: 13px; margin: 2px 0; }
      </style>
      </head>
      <body>
      """;
}
