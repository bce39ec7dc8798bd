package dev.sparkembed.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.internal.SessionState;

/**
 * The few internal Spark calls spark-embed makes, for Spark 3.5: sessions, datasets and columns
 * hold their Catalyst plans and expressions directly. Spark 4's twin of this class (src/spark-4)
 * goes through {@code org.apache.spark.sql.classic}; the rest of the code calls these methods and
 * compiles against every line.
 */
public final class CatalystAccess {

  private CatalystAccess() {}

  /** The session's function registries and configuration. */
  public static SessionState sessionState(SparkSession session) {
    return session.sessionState();
  }

  /** A dataset over an analysed or unanalysed logical plan. */
  public static Dataset<Row> ofRows(SparkSession session, LogicalPlan plan) {
    return Dataset.ofRows(session, plan);
  }

  /** The logical plan behind a dataset. */
  public static LogicalPlan logicalPlan(Dataset<?> dataset) {
    return dataset.logicalPlan();
  }

  /** A column over a Catalyst expression. */
  public static Column column(Expression expression) {
    return new Column(expression);
  }

  /** The Catalyst expression of a column (the session is Spark 4's; here the column holds it). */
  public static Expression expression(SparkSession session, Column column) {
    return column.expr();
  }
}
