package dev.sparkembed.classify;

import dev.sparkembed.spark.JavaExpression;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A fitted classifier applied to a vector column, as a Catalyst expression: {@code struct<label:
 * string, confidence: double, probabilities: map<string, double>>}, or null for a null vector, a
 * vector holding a null, or one of another length. It reads Spark's own array format
 * ({@code array<float>} as the embed job writes it, or {@code array<double>}), where a Java UDF gets
 * each of the 384 elements boxed, and it builds the map itself over one shared array of labels,
 * where {@code map_from_arrays} would copy both arrays and check the labels for duplicates in a
 * hash map on every row.
 */
final class ClassifyExpression extends JavaExpression {

  private final Expression vector;
  private final EmbeddingClassifierModel.Predict predict;
  private final String[] labels;
  private final UTF8String[] labelStrings;
  /** The map's keys, one array shared by every row's map. */
  private final ArrayData labelArray;
  /** Whether the vector holds floats (else doubles): known once the child is resolved, read per row. */
  private transient Boolean floats;

  ClassifyExpression(Expression vector, EmbeddingClassifierModel.Predict predict, String[] labels) {
    super(List.of(vector));
    this.vector = vector;
    this.predict = predict;
    this.labels = labels.clone();
    this.labelStrings = Arrays.stream(labels).map(UTF8String::fromString).toArray(UTF8String[]::new);
    this.labelArray = new GenericArrayData(labelStrings);
  }

  static DataType resultType() {
    return new StructType()
        .add("label", DataTypes.StringType, false)
        .add("confidence", DataTypes.DoubleType, false)
        .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);
  }

  @Override
  protected Expression withChildren(List<Expression> children) {
    return new ClassifyExpression(children.get(0), predict, labels);
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
    // Element by element: a bulk toFloatArray() measured no faster, and file sources read every
    // array as one that may hold nulls, so the checks stay.
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      if (array.isNullAt(i)) {
        return null;
      }
      x[i] = floats ? array.getFloat(i) : array.getDouble(i);
    }
    double[] p = predict.probabilities(x);
    int best = EmbeddingClassifierModel.Predict.best(p);
    return new GenericInternalRow(new Object[] {labelStrings[best], p[best],
        new ArrayBasedMapData(labelArray, UnsafeArrayData.fromPrimitiveArray(p))});
  }

  @Override
  public DataType dataType() {
    return resultType();
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
