package dev.sparkembed.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JavaExpressionTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // No silent fallback: generated code that does not compile fails the query. No adaptive
    // execution, so that the plan's generated code can be read before it runs.
    spark = SparkSession.builder().master("local[1]").appName("java-expression-test").config("spark.ui.enabled", "false")
        .config("spark.sql.codegen.fallback", "false").config("spark.sql.adaptive.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The sum of a float vector times an integer weight; null when either is null. */
  static final class WeightedSum extends JavaExpression {
    WeightedSum(Expression vector, Expression weight) {
      super(List.of(vector, weight));
    }

    @Override
    protected Expression withChildren(List<Expression> children) {
      return new WeightedSum(children.get(0), children.get(1));
    }

    @Override
    public Object evaluate(Object[] values) {
      if (values[0] == null || values[1] == null) {
        return null;
      }
      ArrayData vector = (ArrayData) values[0];
      double sum = 0;
      for (int i = 0; i < vector.numElements(); i++) {
        sum += vector.getFloat(i);
      }
      return sum * (Integer) values[1];
    }

    @Override
    public DataType dataType() {
      return DataTypes.DoubleType;
    }

    @Override
    public boolean nullable() {
      return true;
    }

    @Override
    public String prettyName() {
      return "weighted_sum";
    }
  }

  private static Dataset<Row> weighted() {
    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES (1, array(1.5F, 2.5F), 3), (2, NULL, 3), (3, array(1.0F), NULL), "
        + "(4, array(), 2) AS t(id, vector, weight)").repartition(1); // not folded into the local relation
    WeightedSum sum = new WeightedSum(CatalystAccess.expression(spark, col("vector")),
        CatalystAccess.expression(spark, col("weight")));
    return rows.select(col("id"), CatalystAccess.column(sum).as("sum")).orderBy("id");
  }

  @Test
  void equalChildrenMakeEqualExpressionsAndCanonicalCopiesMatch() {
    Expression vector = CatalystAccess.expression(spark, col("vector"));
    Expression weight = CatalystAccess.expression(spark, col("weight"));
    WeightedSum a = new WeightedSum(vector, weight);
    WeightedSum b = new WeightedSum(vector, weight);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertFalse(a.equals(new WeightedSum(weight, vector)), "other children, another expression");
    // What Spark's cache matching compares: canonical copies of two plans built alike, each with
    // its own expression objects.
    assertTrue(CatalystAccess.logicalPlan(weighted()).sameResult(CatalystAccess.logicalPlan(weighted())),
        "two plans of the same query over the expression match");
  }

  @Test
  void generatedCodeCallsEvaluateWithTheChildrensValuesAndAgreesWithInterpretation() {
    Dataset<Row> generated = weighted();
    String code = org.apache.spark.sql.execution.debug.package$.MODULE$.codegenString(
        generated.queryExecution().executedPlan());
    assertTrue(code.contains("JavaExpression) references[") && code.contains(".evaluate("), "the generated code calls evaluate:\n" + code);
    // What Spark's CodegenFallback would generate: a row built for the expression's eval(row).
    assertFalse(code.contains("((Expression) references["), "no fallback to eval(row):\n" + code);
    List<Row> fromCode = generated.collectAsList();

    Map<String, String> interpreted = Map.of("spark.sql.codegen.wholeStage", "false",
        "spark.sql.codegen.factoryMode", "NO_CODEGEN");
    interpreted.forEach((k, v) -> spark.conf().set(k, v));
    List<Row> fromEval;
    try {
      fromEval = weighted().collectAsList();
    } finally {
      interpreted.keySet().forEach(k -> spark.conf().unset(k));
    }
    assertEquals(12.0, fromCode.get(0).getDouble(1));
    assertTrue(fromCode.get(1).isNullAt(1), "a null vector");
    assertTrue(fromCode.get(2).isNullAt(1), "a null weight");
    assertEquals(0.0, fromCode.get(3).getDouble(1));
    assertEquals(fromCode, fromEval);
  }
}
