package dev.sparkembed.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.internal.SessionState;

/**
 * The few internal Spark calls spark-embed makes, for Spark 4: the session, datasets and columns
 * that hold Catalyst plans and expressions are the classic ones in {@code org.apache.spark.sql.classic}.
 * Spark 3.5's twin of this class (src/spark-3) reaches the same through {@code org.apache.spark.sql};
 * the rest of the code calls these methods and compiles against every line.
 */
public final class CatalystAccess {

  private CatalystAccess() {}

  /** The session's function registries and configuration. */
  public static SessionState sessionState(SparkSession session) {
    return classic(session).sessionState();
  }

  /** A dataset over an analysed or unanalysed logical plan. */
  public static Dataset<Row> ofRows(SparkSession session, LogicalPlan plan) {
    return org.apache.spark.sql.classic.Dataset$.MODULE$.ofRows(classic(session), plan);
  }

  /** The logical plan behind a dataset. */
  public static LogicalPlan logicalPlan(Dataset<?> dataset) {
    return ((org.apache.spark.sql.classic.Dataset<?>) dataset).logicalPlan();
  }

  /** A column over a Catalyst expression. */
  public static Column column(Expression expression) {
    return ExpressionUtils.column(expression);
  }

  /** The Catalyst expression of a column, as the session converts it. */
  public static Expression expression(SparkSession session, Column column) {
    return classic(session).expression(column);
  }

  private static org.apache.spark.sql.classic.SparkSession classic(SparkSession session) {
    return (org.apache.spark.sql.classic.SparkSession) session;
  }
}
