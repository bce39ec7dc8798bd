package dev.sparkembed.sql;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.BuiltinModel;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelFiles;
import dev.sparkembed.model.ModelLocator;
import dev.sparkembed.model.SentenceEmbeddingModel;
import dev.sparkembed.spark.CatalystAccess;
import dev.sparkembed.spark.TaskDevices;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * The row-at-a-time SQL functions: {@code embed(text [, model [, prefix]])} and {@code
 * cosine_similarity(a, b)} ({@link CosineExpression}). A constant text (a search query) is embedded once, on the driver,
 * while the query is analysed, and enters the plan as a literal; any other text is embedded row by
 * row, one text per model call, which is why {@code embed_table} exists.
 */
final class ScalarFunctions {

  static final ArrayType VECTOR = DataTypes.createArrayType(DataTypes.FloatType, false);
  /** What vector arguments are cast to: Parquet and SQL casts give arrays that may hold nulls. */
  static final ArrayType VECTOR_ARGUMENT = DataTypes.createArrayType(DataTypes.FloatType, true);

  private ScalarFunctions() {}

  static Expression embed(scala.collection.Iterable<Expression> raw) {
    SqlArguments args = new SqlArguments("embed", raw, 1, 3, "embed(text [, model [, prefix]])");
    Expression text = args.get(0);
    if (!(text.dataType() instanceof StringType) && !(text.dataType() instanceof NullType)) {
      throw args.argumentError("text must be a string, not " + text.dataType().simpleString());
    }
    String model = orDefault(args.constantString(1, "model"), BuiltinModel.DEFAULT_NAME);
    String prefix = orDefault(args.constantString(2, "prefix"), "");
    ModelLabel label = new ModelLabel(resolve(args, model).label(), prefix);
    if (text.foldable()) {
      Object value = text.eval(null);
      return value == null ? Literal.create(null, VECTOR)
          : new Literal(UnsafeArrayData.fromPrimitiveArray(embedOnDriver(model, label, value.toString())), VECTOR);
    }
    UserDefinedFunction udf = functions.udf(new EmbedText(model, label), VECTOR).withName("embed");
    return CatalystAccess.expression(SparkSession.active(), udf.apply(CatalystAccess.column(text)));
  }

  static Expression cosineSimilarity(scala.collection.Iterable<Expression> raw) {
    SqlArguments args = new SqlArguments("cosine_similarity", raw, 2, 2, "cosine_similarity(a, b)");
    requireVector(args, 0, "a");
    requireVector(args, 1, "b");
    return new CosineExpression(asVector(args.get(0)), asVector(args.get(1)));
  }

  /** An array of numbers as {@code array<float>}: a cast where it is another array type. */
  static Expression asVector(Expression vector) {
    return CatalystAccess.expression(SparkSession.active(), CatalystAccess.column(vector).cast(VECTOR_ARGUMENT));
  }

  static void requireVector(SqlArguments args, int index, String name) {
    DataType type = args.get(index).dataType();
    if (type instanceof NullType) {
      return;
    }
    if (!(type instanceof ArrayType array) || !(array.elementType() instanceof NumericType)) {
      throw args.argumentError(name + " must be an array of numbers (array<float>), not " + type.simpleString());
    }
  }

  static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /** The model's files, resolved once per JVM; a model that cannot be found is an analysis error. */
  static ModelFiles resolve(SqlArguments args, String model) {
    try {
      return ModelLocator.resolve(model, SparkSession.active().sparkContext().hadoopConfiguration());
    } catch (RuntimeException e) {
      throw args.argumentError("model '" + model + "': " + ModelLocator.firstLine(e));
    }
  }

  /** One text, embedded in this JVM with the shared model. */
  static float[] embedOnDriver(String model, ModelLabel label, String text) {
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get(model, EmbedSettings.DEFAULT_INTRA_OP_THREADS),
        EmbedSettings.DEFAULTS)) {
      return embedder.embed(new String[] {label.apply(text)})[0].embedding();
    }
  }

  /**
   * Embeds one text per call with the executor's shared model. Each task deserializes its own
   * copy, so the copy's embedder serves one task and closes when the task ends.
   */
  static final class EmbedText implements UDF1<String, float[]> {
    private final String model;
    private final ModelLabel label;
    private transient TextEmbedder embedder;

    EmbedText(String model, ModelLabel label) {
      this.model = model;
      this.label = label;
    }

    @Override
    public float[] call(String text) {
      if (text == null) {
        return null;
      }
      if (embedder == null) {
        SentenceEmbeddingModel loaded = ModelCache.get(model, EmbedSettings.DEFAULT_INTRA_OP_THREADS,
            TaskDevices.forCurrentTask());
        if (!loaded.files().label().equals(label.model())) {
          throw new IllegalStateException("model " + model + " resolved to " + loaded.files().label()
              + " on this executor but to " + label.model() + " on the driver; the model files differ between machines");
        }
        embedder = new TextEmbedder(loaded, EmbedSettings.DEFAULTS);
        TaskContext task = TaskContext.get();
        if (task != null) {
          task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> close());
        }
      }
      EmbeddedText result = embedder.embed(new String[] {label.apply(text)})[0];
      return result.embedding();
    }

    private void close() {
      if (embedder != null) {
        embedder.close();
        embedder = null;
      }
    }
  }
}
