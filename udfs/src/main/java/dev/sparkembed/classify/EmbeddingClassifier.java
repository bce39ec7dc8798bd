package dev.sparkembed.classify;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Multinomial logistic regression on an embedding column ({@code array<float>}, as the embed job
 * and {@code SentenceEmbedder} write it), with string or integer labels. The regularisation is
 * chosen from {@link #regParams()} by stratified k-fold cross-validation on accuracy: every fold
 * holds each class's rows in turn, in an order fixed by the seed and the rows' contents, so a
 * rerun picks the same folds whatever the partitioning. The best setting is then fitted on all
 * the rows. Rows with a null embedding or label are left out of training.
 *
 * <p>In a {@code Pipeline} right after {@code SentenceEmbedder}, text → label is one pipeline that
 * saves and loads. When the input has a {@code model} column (the embed job's model label), the
 * fitted model records it, and rows embedded by another model are not classified ({@link
 * EmbeddingClassifierModel}).
 */
public final class EmbeddingClassifier extends Estimator<EmbeddingClassifierModel> implements DefaultParamsWritable {

  /** The smallest grid that spans weak to strong L2 regularisation on unit-length embeddings. */
  public static final double[] DEFAULT_REG_PARAMS = {1e-4, 1e-3, 1e-2, 1e-1};

  private final String uid;
  private final Param<String> featuresCol;
  private final Param<String> labelCol;
  private final Param<String> modelCol;
  private final Param<String> predictionCol;
  private final Param<String> confidenceCol;
  private final Param<String> probabilitiesCol;
  private final Param<String> statusCol;
  private final IntParam folds;
  private final DoubleArrayParam regParams;
  private final IntParam maxIter;
  private final LongParam seed;

  public EmbeddingClassifier() {
    this(Identifiable$.MODULE$.randomUID("embeddingClassifier"));
  }

  public EmbeddingClassifier(String uid) {
    this.uid = uid;
    featuresCol = new Param<>(this, "featuresCol", "embedding column, array<float> or array<double>");
    labelCol = new Param<>(this, "labelCol", "label column, string or integer");
    modelCol = new Param<>(this, "modelCol", "embedding model label column; recorded when present");
    predictionCol = new Param<>(this, "predictionCol", "predicted label column to add");
    confidenceCol = new Param<>(this, "confidenceCol", "column to add: the predicted label's probability");
    probabilitiesCol = new Param<>(this, "probabilitiesCol", "column to add: map of label to probability");
    statusCol = new Param<>(this, "statusCol", "column to add: ok, null_embedding, model_mismatch or dimension_mismatch");
    folds = new IntParam(this, "folds", "cross-validation folds (>= 2)", ParamValidators.gtEq(2));
    regParams = new DoubleArrayParam(this, "regParams", "L2 regularisation values tried by cross-validation");
    maxIter = new IntParam(this, "maxIter", "most L-BFGS iterations per fit", ParamValidators.gtEq(1));
    seed = new LongParam(this, "seed", "seed of the fold assignment");
    setDefault(featuresCol, "embedding");
    setDefault(labelCol, "label");
    setDefault(modelCol, "model");
    setDefault(predictionCol, EmbeddingClassifierModel.DEFAULT_PREDICTION_COL);
    setDefault(confidenceCol, EmbeddingClassifierModel.DEFAULT_CONFIDENCE_COL);
    setDefault(probabilitiesCol, EmbeddingClassifierModel.DEFAULT_PROBABILITIES_COL);
    setDefault(statusCol, EmbeddingClassifierModel.DEFAULT_STATUS_COL);
    setDefault(folds, 5);
    setDefault(regParams, DEFAULT_REG_PARAMS.clone());
    setDefault(maxIter, 100);
    setDefault(seed, 42L);
  }

  // Spark ML finds a stage's params through public no-argument methods that return them.
  public Param<String> featuresCol() { return featuresCol; }
  public Param<String> labelCol() { return labelCol; }
  public Param<String> modelCol() { return modelCol; }
  public Param<String> predictionCol() { return predictionCol; }
  public Param<String> confidenceCol() { return confidenceCol; }
  public Param<String> probabilitiesCol() { return probabilitiesCol; }
  public Param<String> statusCol() { return statusCol; }
  public IntParam folds() { return folds; }
  public DoubleArrayParam regParams() { return regParams; }
  public IntParam maxIter() { return maxIter; }
  public LongParam seed() { return seed; }

  public EmbeddingClassifier setFeaturesCol(String value) { set(featuresCol, value); return this; }
  public EmbeddingClassifier setLabelCol(String value) { set(labelCol, value); return this; }
  public EmbeddingClassifier setModelCol(String value) { set(modelCol, value); return this; }
  public EmbeddingClassifier setPredictionCol(String value) { set(predictionCol, value); return this; }
  public EmbeddingClassifier setConfidenceCol(String value) { set(confidenceCol, value); return this; }
  public EmbeddingClassifier setProbabilitiesCol(String value) { set(probabilitiesCol, value); return this; }
  public EmbeddingClassifier setStatusCol(String value) { set(statusCol, value); return this; }
  public EmbeddingClassifier setFolds(int value) { set(folds, value); return this; }
  public EmbeddingClassifier setRegParams(double... values) { set(regParams, values.clone()); return this; }
  public EmbeddingClassifier setMaxIter(int value) { set(maxIter, value); return this; }
  public EmbeddingClassifier setSeed(long value) { set(seed, value); return this; }

  public String getFeaturesCol() { return $(featuresCol); }
  public String getLabelCol() { return $(labelCol); }
  public String getModelCol() { return $(modelCol); }
  public int getFolds() { return (Integer) $(folds); }
  public double[] getRegParams() { return $(regParams); }
  public int getMaxIter() { return (Integer) $(maxIter); }
  public long getSeed() { return (Long) $(seed); }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public EmbeddingClassifierModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    requireLabelColumn(schema, getLabelCol());
    EmbeddingClassifierModel.requireFeaturesColumn(schema, getFeaturesCol());
    double[] grid = getRegParams();
    if (grid.length == 0) {
      throw new ClassifierInputException("regParams is empty: give at least one regularisation value");
    }
    for (double r : grid) {
      if (!(r >= 0) || Double.isInfinite(r)) {
        throw new ClassifierInputException("regParams must be finite and >= 0, got " + r);
      }
    }
    boolean hasModel = Arrays.asList(schema.fieldNames()).contains(getModelCol());
    Column features = col(getFeaturesCol());
    Column label = col(getLabelCol());

    // One pass over the (possibly expensive) input; everything after reads this cache.
    List<Column> columns = new ArrayList<>(List.of(
        org.apache.spark.ml.functions.array_to_vector(features).as("features"),
        label.cast("string").as("label_value"),
        size(features).as("dim"),
        xxhash64(lit(getSeed()), features, label).as("fold_order")));
    if (hasModel) {
      columns.add(col(getModelCol()).cast("string").as("model_label"));
    }
    Dataset<Row> base = dataset.toDF().filter(features.isNotNull().and(label.isNotNull()))
        .select(columns.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> indexed = null;
    try {
      Map<String, Long> classSizes = classSizes(base, schema.apply(getLabelCol()).dataType());
      checkClasses(classSizes, getFolds());
      List<String> labels = new ArrayList<>(classSizes.keySet());
      Row dims = base.agg(min("dim"), max("dim")).first();
      if (dims.getInt(0) != dims.getInt(1)) {
        throw new ClassifierInputException("embeddings in '" + getFeaturesCol() + "' have different dimensions ("
            + dims.getInt(0) + " to " + dims.getInt(1) + ")");
      }
      String embeddingModel = hasModel ? embeddingModel(base) : "";

      // Stratified folds: each class's rows, in seeded order, dealt round-robin to the folds.
      org.apache.spark.sql.types.Metadata classes = NominalAttribute.defaultAttr().withName("label_index")
          .withValues(labels.toArray(new String[0])).toMetadata();
      indexed = base
          .withColumn("label_index", array_position(array(labels.stream().map(l -> lit(l)).toArray(Column[]::new)), col("label_value"))
              .minus(1).cast("double").as("label_index", classes))
          .withColumn("fold", row_number().over(Window.partitionBy("label_value").orderBy("fold_order", "label_value"))
              .minus(1).mod(getFolds()).cast("int"))
          .select("features", "label_index", "fold")
          // Every L-BFGS iteration is a job over these partitions: as many as task slots, not the shuffle's 200.
          .coalesce(dataset.sparkSession().sparkContext().defaultParallelism())
          .persist(StorageLevel.MEMORY_AND_DISK());

      LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setMaxIter(getMaxIter())
          .setFeaturesCol("features").setLabelCol("label_index");
      CrossValidator cv = new CrossValidator().setEstimator(lr)
          .setEstimatorParamMaps(new ParamGridBuilder().addGrid(lr.regParam(), grid).build())
          .setEvaluator(new MulticlassClassificationEvaluator().setLabelCol("label_index").setMetricName("accuracy"))
          .setNumFolds(getFolds()).setFoldCol("fold").setSeed(getSeed())
          .setParallelism(Math.max(1, Math.min(grid.length, dataset.sparkSession().sparkContext().defaultParallelism())));
      CrossValidatorModel chosen = cv.fit(indexed);
      LogisticRegressionModel best = (LogisticRegressionModel) chosen.bestModel();

      EmbeddingClassifierModel model = new EmbeddingClassifierModel(uid, best);
      copyValues(model, ParamMap.empty());
      model.setTraining(labels.toArray(new String[0]), embeddingModel, best.getRegParam(), grid, chosen.avgMetrics());
      return model.setParent(this);
    } finally {
      base.unpersist();
      if (indexed != null) {
        indexed.unpersist();
      }
    }
  }

  /** Rows per class, classes in label order (numeric for integer labels). */
  private static Map<String, Long> classSizes(Dataset<Row> base, DataType labelType) {
    List<Row> rows = new ArrayList<>(base.groupBy("label_value").count().collectAsList());
    rows.sort(Comparator.comparing((Row r) -> r.getString(0), labelOrder(labelType)));
    Map<String, Long> sizes = new LinkedHashMap<>();
    rows.forEach(r -> sizes.put(r.getString(0), r.getLong(1)));
    return sizes;
  }

  /** The classes' order, as strings of a label column of this type: numeric for integer labels. */
  public static Comparator<String> labelOrder(DataType labelType) {
    return labelType.equals(DataTypes.StringType) ? Comparator.naturalOrder() : Comparator.comparingLong(Long::parseLong);
  }

  /** At least two classes, and in each enough rows that every fold holds one. */
  public static void checkClasses(Map<String, Long> classSizes, int folds) {
    if (classSizes.size() < 2) {
      throw new ClassifierInputException("training needs at least 2 classes, got " + classSizes.size()
          + (classSizes.isEmpty() ? " (no row has both a label and an embedding)" : ": '" + classSizes.keySet().iterator().next() + "'"));
    }
    List<String> small = classSizes.entrySet().stream().filter(e -> e.getValue() < folds)
        .map(e -> "'" + e.getKey() + "' (" + e.getValue() + ")").toList();
    if (!small.isEmpty()) {
      throw new ClassifierInputException(small.size() + " class" + (small.size() == 1 ? " has" : "es have")
          + " fewer training rows than the " + folds + " folds: " + String.join(", ", small.subList(0, Math.min(5, small.size())))
          + (small.size() > 5 ? ", ..." : "") + "; drop or merge them, or use fewer folds");
    }
  }

  private static String embeddingModel(Dataset<Row> base) {
    List<String> models = base.select("model_label").distinct().limit(3).collectAsList().stream()
        .map(r -> r.isNullAt(0) ? "(none)" : r.getString(0)).sorted().toList();
    if (models.size() > 1) {
      throw new ClassifierInputException("the training rows mix embedding models (" + String.join(", ", models)
          + "); train on vectors of one model");
    }
    return models.isEmpty() || models.get(0).equals("(none)") ? "" : models.get(0);
  }

  /** The label column exists and holds strings or integers. */
  public static void requireLabelColumn(StructType schema, String labelCol) {
    if (!Arrays.asList(schema.fieldNames()).contains(labelCol)) {
      throw new ClassifierInputException("no label column '" + labelCol + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
    }
    DataType type = schema.apply(labelCol).dataType();
    if (!(type.equals(DataTypes.StringType) || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
        || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType))) {
      throw new ClassifierInputException("label column '" + labelCol + "' must be a string or an integer, not "
          + type.simpleString());
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    requireLabelColumn(schema, getLabelCol());
    EmbeddingClassifierModel.requireFeaturesColumn(schema, getFeaturesCol());
    return EmbeddingClassifierModel.outputSchema(schema, $(predictionCol), $(confidenceCol), $(probabilitiesCol), $(statusCol));
  }

  @Override
  public EmbeddingClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<EmbeddingClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static EmbeddingClassifier load(String path) {
    return read().load(path);
  }

  static boolean isVectorArray(DataType type) {
    return type instanceof ArrayType array
        && (array.elementType().equals(DataTypes.FloatType) || array.elementType().equals(DataTypes.DoubleType));
  }
}
