package dev.sparkembed.sql;

import dev.sparkembed.spark.CatalystAccess;
import dev.sparkembed.spark.ScalaCollections;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.FunctionTableSubqueryArgumentExpression;
import org.apache.spark.sql.catalyst.expressions.ScalarSubquery;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StringType;
import scala.Option;

/**
 * The arguments of one SQL function call, as the analyzer resolved them, with the checks every
 * function needs: how many, which must be constant, which name a table. Each failed check is a
 * one-line {@link AnalysisException} that names the function and the argument.
 */
final class SqlArguments {

  private final String function;
  private final List<Expression> args;

  SqlArguments(String function, scala.collection.Iterable<Expression> args, int min, int max, String signature) {
    this.function = function;
    this.args = ScalaCollections.toJava(args);
    if (this.args.size() < min || this.args.size() > max) {
      throw error(function + " takes " + (min == max ? min : min + " to " + max) + " arguments, got "
          + this.args.size() + ": " + signature);
    }
  }

  /**
   * Throws an {@link AnalysisException} with this message. Java sees it as checked, Spark's builders
   * may not declare it, so it is thrown unchecked; the return type lets callers write {@code throw}.
   */
  static RuntimeException error(String message) {
    throw SqlArguments.<RuntimeException>unchecked(new AnalysisException(message, Option.empty(), Option.empty(),
        Option.empty(), Option.empty(), scala.collection.immutable.Map$.MODULE$.empty(), new org.apache.spark.QueryContext[0]));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable e) throws E {
    throw (E) e;
  }

  RuntimeException argumentError(String message) {
    return error(function + ": " + message);
  }

  int size() {
    return args.size();
  }

  boolean has(int index) {
    return index < args.size() && !(args.get(index).dataType() instanceof NullType);
  }

  Expression get(int index) {
    return args.get(index);
  }

  /** A constant string argument; null when absent or NULL (the caller picks the default). */
  String constantString(int index, String name) {
    if (!has(index)) {
      return null;
    }
    Expression arg = args.get(index);
    if (!(arg.dataType() instanceof StringType)) {
      throw argumentError(name + " must be a string, not " + arg.dataType().simpleString());
    }
    if (!arg.foldable()) {
      throw argumentError(name + " must be a constant string");
    }
    Object value = arg.eval(null);
    return value == null ? null : value.toString();
  }

  /** A constant positive integer argument. */
  int positiveInt(int index, String name) {
    Expression arg = args.get(index);
    DataType type = arg.dataType();
    if (!(type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType)
        || type.equals(DataTypes.ByteType)) || !arg.foldable()) {
      throw argumentError(name + " must be a constant integer, not " + describe(arg));
    }
    Object value = arg.eval(null);
    long k = value == null ? 0 : ((Number) value).longValue();
    if (k <= 0 || k > Integer.MAX_VALUE) {
      throw argumentError(name + " must be a positive integer, got " + value);
    }
    return (int) k;
  }

  /**
   * A table argument: a table or view name as a string ({@code 'docs'}, {@code 'lake.db.docs'}),
   * {@code TABLE(docs)}, {@code TABLE(SELECT ...)} or a subquery {@code (SELECT ...)}.
   */
  Dataset<Row> table(SparkSession spark, int index, String name) {
    Expression arg = args.get(index);
    LogicalPlan plan = null;
    if (arg instanceof FunctionTableSubqueryArgumentExpression table) {
      plan = table.plan();
    } else if (arg instanceof ScalarSubquery subquery) {
      plan = subquery.plan();
    }
    if (plan != null) {
      return CatalystAccess.ofRows(spark, plan);
    }
    String tableName = constantString(index, name);
    if (tableName == null || tableName.isBlank()) {
      throw argumentError(name + " must name a table or view, or be TABLE(...)");
    }
    if (!spark.catalog().tableExists(tableName)) {
      throw argumentError(name + ": table or view '" + tableName + "' does not exist");
    }
    return spark.table(tableName);
  }

  /** Fails unless {@code rows} has {@code column}, naming the columns it has. */
  DataType column(Dataset<Row> rows, String column, String role) {
    if (!Arrays.asList(rows.columns()).contains(column)) {
      throw argumentError(role + " column '" + column + "' does not exist (columns: "
          + String.join(", ", rows.columns()) + ")");
    }
    return rows.schema().apply(column).dataType();
  }

  private static String describe(Expression arg) {
    return arg.foldable() ? arg.dataType().simpleString() + " " + arg.eval(null) : "a " + arg.dataType().simpleString() + " column";
  }
}
