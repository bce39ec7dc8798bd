package dev.sparkembed.jobs.merge;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.spark.EmbedMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 3: embeds each distinct text of a chunk once and gives every row with that text the result
 * (web crawls and ticket queues repeat texts). Rows keep their columns; the text goes unless kept.
 */
public final class DistinctTexts {

  /** Distinct texts per embedding task, at least: enough to length-sort, few enough to balance. */
  static final int TEXTS_PER_TASK = 2_000;

  private DistinctTexts() {}

  /**
   * @param distinctTexts about how many distinct texts {@code rows} holds: it sets the task count
   * @param textsRepeat whether any text is in more than one pending row of this run; when none
   *     is, the rows are embedded as they are, without the shuffles that find each text's rows
   */
  public static Dataset<Row> embed(Dataset<Row> rows, String textCol, EmbedJobConfig config, ModelLabel label,
      EmbedMetrics metrics, long distinctTexts, boolean textsRepeat, int slots) {
    String sha = Changes.TEXT_SHA256;
    String embeddedSha = "_embedded_sha";
    // An explicit count: adaptive execution would pack this small shuffle into one task, one core.
    int tasks = (int) Math.max(slots, Math.min((long) slots * 16, distinctTexts / TEXTS_PER_TASK));
    boolean keepText = config.keepCols().contains(textCol);
    if (!textsRepeat) {
      return hashLast(EmbedJob.embedded(rows.repartition(tasks), textCol, keepText, config, label, metrics), sha);
    }
    Dataset<Row> texts = rows.select(col(sha).as(embeddedSha), col(Changes.quote(textCol)))
        .dropDuplicates(embeddedSha).repartition(tasks);
    Dataset<Row> vectors = EmbedJob.embedded(texts, textCol, false, config, label, metrics);
    Dataset<Row> kept = keepText ? rows : rows.drop(textCol);
    // A null text hashes to null: eqNullSafe gives those rows the one null_text result.
    Dataset<Row> joined = kept.join(vectors, kept.col(sha).eqNullSafe(vectors.col(embeddedSha))).drop(embeddedSha);
    return hashLast(joined, sha);
  }

  /** The hash last, after the columns the embed job writes. */
  private static Dataset<Row> hashLast(Dataset<Row> rows, String sha) {
    java.util.List<org.apache.spark.sql.Column> order = new java.util.ArrayList<>();
    for (String c : rows.columns()) {
      if (!c.equals(sha)) {
        order.add(col(Changes.quote(c)));
      }
    }
    order.add(col(sha));
    return rows.select(order.toArray(new org.apache.spark.sql.Column[0]));
  }
}
