package dev.sparkembed.spark;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.model.BuiltinModel;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.model.ModelLocator;
import java.util.Arrays;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML pipeline stage that adds sentence embeddings of a text column, for notebooks and
 * pipelines: {@code new SentenceEmbedder().setInputCol("text").setOutputCol("embedding")}. It runs
 * the same batched, length-sorted partition function as the embed job, one model per JVM; next to
 * the output column it adds {@code n_tokens, truncated, status, model} ({@link #addedColumn}).
 */
public final class SentenceEmbedder extends Transformer implements DefaultParamsWritable {

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final Param<String> model;
  private final IntParam batchSize;
  private final Param<String> prefix;

  public SentenceEmbedder() {
    this(Identifiable$.MODULE$.randomUID("sentenceEmbedder"));
  }

  public SentenceEmbedder(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "text column to embed");
    outputCol = new Param<>(this, "outputCol", "embedding column to add");
    model = new Param<>(this, "model", "built-in model name or model folder");
    // No default: unset, each task takes its device's (64 on CPU, 512 on a GPU; BatchLimits).
    batchSize = new IntParam(this, "batchSize", "most texts per inference call (unset: the device's default)",
        ParamValidators.gtEq(1));
    prefix = new Param<>(this, "prefix", "text put before every input text (e.g. 'query: ' for E5); empty for none");
    setDefault(inputCol, "text");
    setDefault(prefix, "");
    setDefault(outputCol, EmbedColumns.EMBEDDING);
    setDefault(model, BuiltinModel.DEFAULT.modelName());
  }

  // Spark ML finds a stage's params through public no-argument methods that return them.
  public Param<String> inputCol() {
    return inputCol;
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public Param<String> model() {
    return model;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public Param<String> prefix() {
    return prefix;
  }

  public SentenceEmbedder setPrefix(String value) {
    set(prefix, value == null ? "" : value);
    return this;
  }

  public String getPrefix() {
    return $(prefix);
  }

  public SentenceEmbedder setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  public SentenceEmbedder setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  public SentenceEmbedder setModel(String value) {
    set(model, value);
    return this;
  }

  public SentenceEmbedder setBatchSize(int value) {
    set(batchSize, value);
    return this;
  }

  public String getInputCol() {
    return $(inputCol);
  }

  public String getOutputCol() {
    return $(outputCol);
  }

  public String getModel() {
    return $(model);
  }

  /** The batch size set, or {@link EmbedSettings#DEVICE_DEFAULT} when none is: the device's default. */
  public int getBatchSize() {
    return isDefined(batchSize) ? (Integer) $(batchSize) : EmbedSettings.DEVICE_DEFAULT;
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The name of an added column: the embed job's names ({@code n_tokens, truncated, status, model})
   * next to the default output column, else prefixed by the output column ({@code title_vec_status}),
   * so that two embedders in one pipeline add different columns.
   */
  public String addedColumn(String name) {
    String out = getOutputCol();
    if (name.equals(EmbedColumns.EMBEDDING)) {
      return out;
    }
    return out.equals(EmbedColumns.EMBEDDING) ? name : out + "_" + name;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType output = transformSchema(dataset.schema());
    // The label comes from the model files (hashed once per JVM); the model itself loads only in tasks.
    String filesLabel = ModelLocator.resolve(getModel(), dataset.sparkSession().sparkContext().hadoopConfiguration()).label();
    EmbedSettings settings = EmbedSettings.DEFAULTS.withBatchSize(getBatchSize());
    int textIndex = dataset.schema().fieldIndex(getInputCol());
    return dataset.toDF().mapPartitions(
        new EmbedPartitionFunction(getModel(), new ModelLabel(filesLabel, getPrefix()), settings, textIndex, null),
        Encoders.row(output));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getInputCol();
    if (!Arrays.asList(schema.fieldNames()).contains(in)) {
      throw new IllegalArgumentException("input column '" + in + "' does not exist");
    }
    DataType type = schema.apply(in).dataType();
    if (!type.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("input column '" + in + "' must be a string, not " + type.simpleString());
    }
    StructType out = schema;
    for (StructField field : EmbedColumns.appendTo(new StructType()).fields()) {
      String added = addedColumn(field.name());
      if (Arrays.asList(schema.fieldNames()).contains(added)) {
        throw new IllegalArgumentException("column '" + added + "' already exists");
      }
      out = out.add(field.copy(added, field.dataType(), field.nullable(), field.metadata()));
    }
    return out;
  }

  @Override
  public SentenceEmbedder copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<SentenceEmbedder> read() {
    return new DefaultParamsReader<>();
  }

  public static SentenceEmbedder load(String path) {
    return read().load(path);
  }
}
