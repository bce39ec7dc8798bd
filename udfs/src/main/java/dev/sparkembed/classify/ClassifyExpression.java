package dev.sparkembed.classify;

import dev.sparkembed.spark.JavaExpression;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted classifier applied to a vector column, as a Catalyst expression: {@code struct<best: int,
 * probabilities: array<double>>}, or null for a null vector, a vector holding a null, or one of
 * another length. It reads Spark's own array format ({@code array<float>} as the embed job writes
 * it, or {@code array<double>}), where a Java UDF gets each of the 384 elements boxed.
 */
final class ClassifyExpression extends JavaExpression {

  static final StructType RESULT = new StructType()
      .add("best", DataTypes.IntegerType, false)
      .add("probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private final Expression vector;
  private final EmbeddingClassifierModel.Predict predict;
  /** Whether the vector holds floats (else doubles): known once the child is resolved, read per row. */
  private transient Boolean floats;

  ClassifyExpression(Expression vector, EmbeddingClassifierModel.Predict predict) {
    super(List.of(vector));
    this.vector = vector;
    this.predict = predict;
  }

  @Override
  protected Expression withChildren(List<Expression> children) {
    return new ClassifyExpression(children.get(0), predict);
  }

  /** The fitted model, compared by identity: two classifiers over one column stay two. */
  @Override
  protected List<Object> parameters() {
    return List.of(predict);
  }

  @Override
  public Object evaluate(Object[] values) {
    Object value = values[0];
    if (value == null) {
      return null;
    }
    ArrayData array = (ArrayData) value;
    int n = array.numElements();
    if (n != predict.dimension()) {
      return null;
    }
    if (floats == null) {
      floats = ((ArrayType) vector.dataType()).elementType() instanceof FloatType;
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      if (array.isNullAt(i)) {
        return null;
      }
      x[i] = floats ? array.getFloat(i) : array.getDouble(i);
    }
    double[] p = predict.probabilities(x);
    return new GenericInternalRow(new Object[] {EmbeddingClassifierModel.Predict.best(p), UnsafeArrayData.fromPrimitiveArray(p)});
  }

  @Override
  public DataType dataType() {
    return RESULT;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public String prettyName() {
    return "classify_embedding";
  }
}
