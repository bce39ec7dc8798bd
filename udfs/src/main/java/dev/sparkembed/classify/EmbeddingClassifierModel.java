package dev.sparkembed.classify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.sparkembed.spark.CatalystAccess;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A fitted {@link EmbeddingClassifier}: adds the predicted label, its probability ("confidence"),
 * every label's probability, and a per-row status. A row is not classified (null prediction) when
 * its embedding is null ({@code null_embedding}), has another dimension ({@code
 * dimension_mismatch}), or, when the input has the model column, was embedded by another model
 * than the training rows ({@code model_mismatch}): similarities between two models' vectors mean
 * nothing, and a classifier trained on one silently mislabels the other.
 *
 * <p>Saves as its params (labels, embedding model, the cross-validation results) plus the
 * logistic regression under {@code logistic/}, so {@code PipelineModel.load} restores it.
 */
public final class EmbeddingClassifierModel extends Model<EmbeddingClassifierModel> implements MLWritable {

  public static final String DEFAULT_PREDICTION_COL = "predicted_label";
  public static final String DEFAULT_CONFIDENCE_COL = "confidence";
  public static final String DEFAULT_PROBABILITIES_COL = "probabilities";
  public static final String DEFAULT_STATUS_COL = "prediction_status";

  public static final String OK = "ok";
  public static final String NULL_EMBEDDING = "null_embedding";
  public static final String MODEL_MISMATCH = "model_mismatch";
  public static final String DIMENSION_MISMATCH = "dimension_mismatch";

  private static final String LOGISTIC_DIR = "logistic";

  private final String uid;
  private final LogisticRegressionModel logistic;
  private final Param<String> featuresCol;
  private final Param<String> modelCol;
  private final Param<String> predictionCol;
  private final Param<String> confidenceCol;
  private final Param<String> probabilitiesCol;
  private final Param<String> statusCol;
  private final StringArrayParam labels;
  private final Param<String> embeddingModel;
  private final DoubleParam regParam;
  private final DoubleArrayParam regParams;
  private final DoubleArrayParam cvAccuracy;

  EmbeddingClassifierModel(String uid, LogisticRegressionModel logistic) {
    this.uid = uid;
    this.logistic = logistic;
    featuresCol = new Param<>(this, "featuresCol", "embedding column, array<float> or array<double>");
    modelCol = new Param<>(this, "modelCol", "embedding model label column; checked when present");
    predictionCol = new Param<>(this, "predictionCol", "predicted label column to add");
    confidenceCol = new Param<>(this, "confidenceCol", "column to add: the predicted label's probability");
    probabilitiesCol = new Param<>(this, "probabilitiesCol", "column to add: map of label to probability");
    statusCol = new Param<>(this, "statusCol", "column to add: ok, null_embedding, model_mismatch or dimension_mismatch");
    labels = new StringArrayParam(this, "labels", "the classes, in the logistic regression's order");
    embeddingModel = new Param<>(this, "embeddingModel", "model label of the training embeddings; empty when unknown");
    regParam = new DoubleParam(this, "regParam", "the regularisation chosen by cross-validation");
    regParams = new DoubleArrayParam(this, "regParams", "the regularisation values cross-validation tried");
    cvAccuracy = new DoubleArrayParam(this, "cvAccuracy", "mean cross-validation accuracy of each regParams value");
    setDefault(featuresCol, "embedding");
    setDefault(modelCol, "model");
    setDefault(predictionCol, DEFAULT_PREDICTION_COL);
    setDefault(confidenceCol, DEFAULT_CONFIDENCE_COL);
    setDefault(probabilitiesCol, DEFAULT_PROBABILITIES_COL);
    setDefault(statusCol, DEFAULT_STATUS_COL);
    setDefault(embeddingModel, "");
  }

  void setTraining(String[] classes, String model, double chosen, double[] tried, double[] accuracy) {
    set(labels, classes);
    set(embeddingModel, model);
    set(regParam, chosen);
    set(regParams, tried);
    set(cvAccuracy, accuracy);
  }

  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> modelCol() { return modelCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> confidenceCol() { return confidenceCol; }
  public Param<String> probabilitiesCol() { return probabilitiesCol; }
  public Param<String> statusCol() { return statusCol; }
  public StringArrayParam labels() { return labels; }
  public Param<String> embeddingModel() { return embeddingModel; }
  public DoubleParam regParam() { return regParam; }
  public DoubleArrayParam regParams() { return regParams; }
  public DoubleArrayParam cvAccuracy() { return cvAccuracy; }

  public EmbeddingClassifierModel setFeaturesCol(String value) { set(featuresCol, value); return this; }
  public EmbeddingClassifierModel setModelCol(String value) { set(modelCol, value); return this; }
  public EmbeddingClassifierModel setPredictionCol(String value) { set(predictionCol, value); return this; }
  public EmbeddingClassifierModel setConfidenceCol(String value) { set(confidenceCol, value); return this; }
  public EmbeddingClassifierModel setProbabilitiesCol(String value) { set(probabilitiesCol, value); return this; }
  public EmbeddingClassifierModel setStatusCol(String value) { set(statusCol, value); return this; }

  public String getFeaturesCol() { return $(featuresCol); }
  public String getModelCol() { return $(modelCol); }
  public String getPredictionCol() { return $(predictionCol); }
  public String getConfidenceCol() { return $(confidenceCol); }
  public String getProbabilitiesCol() { return $(probabilitiesCol); }
  public String getStatusCol() { return $(statusCol); }
  public String[] getLabels() { return $(labels).clone(); }
  public String getEmbeddingModel() { return $(embeddingModel); }
  public double getRegParam() { return (Double) $(regParam); }
  public double[] getRegParams() { return $(regParams).clone(); }
  public double[] getCvAccuracy() { return $(cvAccuracy).clone(); }

  /** The fitted logistic regression (labels are indices into {@link #getLabels()}). */
  public LogisticRegressionModel logistic() {
    return logistic;
  }

  /** The embedding dimension the model takes. */
  public int dimension() {
    return logistic.numFeatures();
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    boolean hasModel = Arrays.asList(dataset.schema().fieldNames()).contains(getModelCol());
    // As stored (array<float> from the embed job): a cast would copy every array into boxed doubles first.
    Column vector = col(getFeaturesCol());
    Column model = hasModel ? col(getModelCol()).cast("string") : lit(null).cast("string");
    String trainedOn = getEmbeddingModel();
    Column mismatch = trainedOn.isEmpty() ? lit(false) : model.isNotNull().and(model.notEqual(lit(trainedOn)));
    // The statuses are plain expressions, so the function below runs only on rows it can classify.
    Column status = when(vector.isNull(), NULL_EMBEDDING).when(mismatch, MODEL_MISMATCH)
        .when(size(vector).notEqual(logistic.numFeatures()), DIMENSION_MISMATCH).otherwise(OK);
    Column predicted = classify(dataset.sparkSession(), vector);
    String tmp = "_classified_" + uid;
    Column classified = col(getStatusCol()).equalTo(OK);
    // Fields of a nullable struct: null, and nullable, for rows not classified.
    return dataset.toDF()
        .withColumn(getStatusCol(), status)
        .withColumn(tmp, when(classified, predicted))
        .select(dataset.toDF().col("*"), col(tmp + ".label").as(getPredictionCol()),
            col(tmp + ".confidence").as(getConfidenceCol()), col(tmp + ".probabilities").as(getProbabilitiesCol()),
            col(getStatusCol()));
  }

  /**
   * The classifier over the vector column as stored ({@code array<float>} or {@code array<double>},
   * as the schema check requires): {@link ClassifyExpression} reads it as it is, where a cast would
   * copy every array first.
   */
  private Column classify(SparkSession spark, Column vector) {
    return CatalystAccess.column(new ClassifyExpression(CatalystAccess.expression(spark, vector), new Predict(logistic),
        getLabels()));
  }

  /**
   * One row's prediction, the index of the likeliest class and every class's probability: the
   * logistic regression's softmax over its class margins, computed from the array itself (no
   * vector column in between: applying at scale should cost little more than reading and writing
   * the rows).
   */
  static final class Predict implements Serializable {
    // Row-major (classes x dimension): the margins are one BLAS dgemv a row, faster than the loops
    // written here before (BENCHMARKS.md, "Applying with BLAS"). netlib's Java BLAS (its Vector API
    // kernel, else plain Java), never the native one: OpenBLAS's dgemv rounded the last bit of the
    // same row's margins differently from one call to the next (ClassifyCommandTest and
    // EmbeddingClassifierTest failed with OpenBLAS 0.3.21 installed), and a model should give the
    // same probabilities on every run.
    private final double[] coefficients;
    private final int classes;
    private final double[] intercepts;
    private final int dimension;

    Predict(LogisticRegressionModel logistic) {
      org.apache.spark.ml.linalg.Matrix matrix = logistic.coefficientMatrix();
      this.dimension = matrix.numCols();
      this.classes = matrix.numRows();
      this.coefficients = new double[classes * dimension];
      for (int c = 0; c < classes; c++) {
        for (int d = 0; d < dimension; d++) {
          coefficients[c * dimension + d] = matrix.apply(c, d);
        }
      }
      this.intercepts = logistic.interceptVector().toArray();
    }

    int dimension() {
      return dimension;
    }

    /** The index of the largest probability (the first, on a tie). */
    static int best(double[] p) {
      int best = 0;
      for (int i = 0; i < p.length; i++) {
        if (p[i] > p[best]) {
          best = i;
        }
      }
      return best;
    }

    /** Softmax of the margins, the largest subtracted first, as MLlib's multinomial model computes it. */
    double[] probabilities(double[] x) {
      double[] margins = intercepts.clone();
      // Column-major, the row-major matrix is its transpose (dimension x classes): margins += W x.
      JavaBLAS.getInstance().dgemv("T", dimension, classes, 1.0, coefficients, dimension, x, 1, 1.0, margins, 1);
      double max = Double.NEGATIVE_INFINITY;
      for (double m : margins) {
        max = Math.max(max, m);
      }
      double sum = 0;
      for (int c = 0; c < margins.length; c++) {
        margins[c] = Math.exp(margins[c] - max);
        sum += margins[c];
      }
      for (int c = 0; c < margins.length; c++) {
        margins[c] /= sum;
      }
      return margins;
    }
  }

  static void requireFeaturesColumn(StructType schema, String featuresCol) {
    if (!Arrays.asList(schema.fieldNames()).contains(featuresCol)) {
      throw new ClassifierInputException("no embedding column '" + featuresCol + "' (columns: "
          + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType type = schema.apply(featuresCol).dataType();
    if (!EmbeddingClassifier.isVectorArray(type)) {
      throw new ClassifierInputException("embedding column '" + featuresCol + "' must be array<float> or array<double>, not "
          + type.simpleString());
    }
  }

  static StructType outputSchema(StructType schema, String prediction, String confidence, String probabilities, String status) {
    for (String added : new String[] {prediction, confidence, probabilities, status}) {
      if (Arrays.asList(schema.fieldNames()).contains(added)) {
        throw new ClassifierInputException("column '" + added + "' already exists");
      }
    }
    return schema.add(prediction, DataTypes.StringType)
        .add(confidence, DataTypes.DoubleType)
        .add(probabilities, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false))
        .add(status, DataTypes.StringType);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireFeaturesColumn(schema, getFeaturesCol());
    return outputSchema(schema, getPredictionCol(), getConfidenceCol(), getProbabilitiesCol(), getStatusCol());
  }

  @Override
  public EmbeddingClassifierModel copy(ParamMap extra) {
    EmbeddingClassifierModel copy = new EmbeddingClassifierModel(uid, logistic);
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<EmbeddingClassifierModel> read() {
    return new Reader();
  }

  public static EmbeddingClassifierModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final EmbeddingClassifierModel model;

    Writer(EmbeddingClassifierModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      try {
        model.logistic.save(new org.apache.hadoop.fs.Path(path, LOGISTIC_DIR).toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot save the logistic regression under " + path, e);
      }
    }
  }

  private static final class Reader extends MLReader<EmbeddingClassifierModel> {
    @Override
    public EmbeddingClassifierModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), EmbeddingClassifierModel.class.getName());
      LogisticRegressionModel logistic = LogisticRegressionModel.load(new org.apache.hadoop.fs.Path(path, LOGISTIC_DIR).toString());
      EmbeddingClassifierModel model = new EmbeddingClassifierModel(metadata.uid(), logistic);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
