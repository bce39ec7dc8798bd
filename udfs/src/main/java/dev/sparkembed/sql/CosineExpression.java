package dev.sparkembed.sql;

import dev.sparkembed.spark.JavaExpression;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code cosine_similarity(a, b)} as a Catalyst expression over two {@code array<float>}: it reads
 * Spark's own array format, where a Java UDF would get every element boxed (at 384 dimensions that
 * was most of a search's time). Null when either side is null, holds a null or has no length;
 * vectors of different lengths are an error.
 */
final class CosineExpression extends JavaExpression {

  CosineExpression(Expression left, Expression right) {
    super(java.util.List.of(left, right));
  }

  @Override
  protected Expression withChildren(java.util.List<Expression> children) {
    return new CosineExpression(children.get(0), children.get(1));
  }

  @Override
  public Object evaluate(Object[] values) {
    return values[0] == null || values[1] == null ? null : nullSafeEval(values[0], values[1]);
  }

  @Override
  public DataType dataType() {
    return DataTypes.FloatType;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public String prettyName() {
    return "cosine_similarity";
  }

  private Object nullSafeEval(Object a, Object b) {
    ArrayData x = (ArrayData) a;
    ArrayData y = (ArrayData) b;
    int n = x.numElements();
    if (n != y.numElements()) {
      throw new IllegalArgumentException("cosine_similarity of vectors with " + n + " and " + y.numElements()
          + " elements");
    }
    double dot = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < n; i++) {
      if (x.isNullAt(i) || y.isNullAt(i)) {
        return null;
      }
      double xi = x.getFloat(i);
      double yi = y.getFloat(i);
      dot += xi * yi;
      xx += xi * xi;
      yy += yi * yi;
    }
    return xx == 0 || yy == 0 ? null : (float) (dot / Math.sqrt(xx * yy));
  }
}
