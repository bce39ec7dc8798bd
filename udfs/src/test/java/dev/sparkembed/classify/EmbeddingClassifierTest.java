package dev.sparkembed.classify;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.spark.SentenceEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingClassifierTest {

  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    // No silent fallback to interpretation: generated code that does not compile fails the query.
    spark = SparkSession.builder().master("local[2]").appName("classifier-test").config("spark.ui.enabled", "false")
        .config("spark.sql.codegen.fallback", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  private static EmbeddingClassifierModel stringLabelled;

  /** One fit, shared by the tests that only apply it (each fit is several Spark jobs). */
  private static synchronized EmbeddingClassifierModel stringLabelled() {
    if (stringLabelled == null) {
      stringLabelled = new EmbeddingClassifier().setFolds(3).setRegParams(0.01).fit(vectors(12, "string", "m"));
    }
    return stringLabelled;
  }

  /** Three themes in 8-d, unit vectors around a theme's axis; label as asked, plus a model column. */
  private static Dataset<Row> vectors(int perClass, String labelType, String model) {
    Random random = new Random(5);
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType), true)
        .add("label", DataTypes.StringType).add("model", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < perClass; i++) {
        List<Float> v = new ArrayList<>();
        double norm = 0;
        float[] raw = new float[8];
        for (int d = 0; d < 8; d++) {
          raw[d] = (float) ((d == 2 * c ? 1 : 0) + random.nextGaussian() * 0.3);
          norm += raw[d] * raw[d];
        }
        for (float x : raw) {
          v.add((float) (x / Math.sqrt(norm)));
        }
        rows.add(RowFactory.create("r" + c + "-" + i, v, String.valueOf(c + 1), model));
      }
    }
    return spark.createDataFrame(rows, schema).withColumn("label", col("label").cast(labelType));
  }

  @Test
  void textToLabelIsOnePipelineThatSavesAndLoads() throws Exception {
    // The bundled sample's Brown paragraphs of three genres, 50 each.
    Dataset<Row> texts = spark.read().json("../data/sample/corpus.jsonl")
        .filter(col("label").isin("religion", "hobbies", "government")).select("id", "text", "label");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new SentenceEmbedder().setInputCol("text"),
        new EmbeddingClassifier().setLabelCol("label").setFolds(3).setRegParams(0.01, 0.1).setMaxIter(10)});
    PipelineModel fitted = pipeline.fit(texts);
    Path saved = dir.resolve("text-to-label");
    fitted.save(saved.toString());
    PipelineModel loaded = PipelineModel.load(saved.toString());

    Dataset<Row> transformed = fitted.transform(texts).cache(); // embedded once for both checks below
    Map<String, String> before = predictions(transformed);
    Map<String, String> after = predictions(loaded.transform(texts));
    assertEquals(150, before.size());
    assertEquals(before, after, "the loaded pipeline predicts as the fitted one");
    long right = texts.collectAsList().stream().filter(r -> r.getString(2).equals(before.get(r.getString(0)))).count();
    assertTrue(right >= 120, "a classifier on MiniLM embeddings separates three Brown genres it was fitted on: " + right + "/150");

    EmbeddingClassifierModel model = (EmbeddingClassifierModel) loaded.stages()[1];
    assertEquals(List.of("government", "hobbies", "religion"), List.of(model.getLabels()));
    String embeddedBy = transformed.select("model").first().getString(0);
    assertEquals(embeddedBy, model.getEmbeddingModel(), "the model records which embeddings it was trained on");
    assertEquals(2, model.getCvAccuracy().length);
    assertTrue(model.getRegParam() == 0.01 || model.getRegParam() == 0.1);
  }

  private static Map<String, String> predictions(Dataset<Row> predicted) {
    Map<String, String> out = new HashMap<>();
    predicted.select("id", "predicted_label").collectAsList().forEach(r -> out.put(r.getString(0), r.getString(1)));
    return out;
  }

  @Test
  void integerLabelsComeBackAsTheirStringsInNumericOrder() {
    EmbeddingClassifierModel model = new EmbeddingClassifier().setFolds(3).setRegParams(0.01).fit(vectors(12, "int", "m@1"));
    assertEquals(List.of("1", "2", "3"), List.of(model.getLabels()));
    Row row = model.transform(vectors(12, "int", "m@1")).filter(col("id").equalTo("r1-0")).first();
    assertEquals("2", row.getAs("predicted_label"));
    Map<String, Double> p = row.getJavaMap(row.fieldIndex("probabilities"));
    assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    assertEquals(p.get("2"), row.<Double>getAs("confidence"), 0.0);
    assertEquals("ok", row.getAs("prediction_status"));
  }

  @Test
  void probabilitiesAreTheLogisticRegressionsOwn() {
    EmbeddingClassifierModel model = stringLabelled();
    EmbeddingClassifierModel.Predict predict = new EmbeddingClassifierModel.Predict(model.logistic());
    Random random = new Random(9);
    for (int n = 0; n < 50; n++) {
      double[] x = new double[8];
      for (int d = 0; d < 8; d++) {
        x[d] = random.nextGaussian();
      }
      double[] expected = model.logistic().predictProbability(org.apache.spark.ml.linalg.Vectors.dense(x)).toArray();
      double[] actual = predict.probabilities(x);
      for (int c = 0; c < expected.length; c++) {
        assertEquals(expected[c], actual[c], 1e-12, "class " + c + " of vector " + n);
      }
    }
  }

  @Test
  void probabilitiesAreMLlibsForEveryShapeOfModel() {
    // Class counts around the blocks Predict sums together, odd and even dimensions.
    Random random = new Random(3);
    for (int classes = 2; classes <= 9; classes++) {
      for (int dimension : new int[] {1, 7, 8, 385}) {
        double[] weights = new double[classes * dimension];
        for (int i = 0; i < weights.length; i++) {
          weights[i] = random.nextGaussian();
        }
        double[] intercepts = random.doubles(classes).toArray();
        org.apache.spark.ml.classification.LogisticRegressionModel logistic =
            new org.apache.spark.ml.classification.LogisticRegressionModel("lr",
                org.apache.spark.ml.linalg.Matrices.dense(classes, dimension, weights),
                org.apache.spark.ml.linalg.Vectors.dense(intercepts), classes, true);
        EmbeddingClassifierModel.Predict predict = new EmbeddingClassifierModel.Predict(logistic);
        double[] x = random.doubles(dimension, -1, 1).toArray();
        double[] expected = logistic.predictProbability(org.apache.spark.ml.linalg.Vectors.dense(x)).toArray();
        double[] actual = predict.probabilities(x);
        assertEquals(classes, actual.length);
        for (int c = 0; c < classes; c++) {
          assertEquals(expected[c], actual[c], 1e-12, classes + " classes, " + dimension + "-d, class " + c);
        }
      }
    }
  }

  @Test
  void vectorsStoredAsFloatsOrDoublesGetMLlibsProbabilities() {
    EmbeddingClassifierModel model = stringLabelled();
    // Scaled, so that the probabilities are far from uniform.
    Column scaled = functions.transform(col("embedding"), x -> x.multiply(4));
    for (DataType element : List.of(DataTypes.FloatType, DataTypes.DoubleType)) {
      String what = element.simpleString();
      Dataset<Row> built = vectors(4, "string", "m").select(col("id"), scaled.cast(DataTypes.createArrayType(element))
          .as("embedding"));
      String path = dir.resolve("vectors-" + what).toString();
      built.write().parquet(path);
      // As built in memory, and as read back from Parquet, whose reader hands the vectors over as
      // column vectors (the apply job's case).
      for (Dataset<Row> input : List.of(built, spark.read().parquet(path))) {
        List<Row> rows = model.transform(input).select("embedding", "probabilities", "prediction_status", "confidence",
            "predicted_label").collectAsList();
        assertEquals(12, rows.size(), what);
        for (Row row : rows) {
          assertEquals("ok", row.getString(2), what);
          double[] x = row.<Number>getList(0).stream().mapToDouble(Number::doubleValue).toArray();
          double[] expected = model.logistic().predictProbability(org.apache.spark.ml.linalg.Vectors.dense(x)).toArray();
          Map<String, Double> p = row.getJavaMap(1);
          assertEquals(expected.length, p.size(), what);
          int best = 0;
          for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c], p.get(model.getLabels()[c]), 1e-12, what + ", class " + c);
            best = expected[c] > expected[best] ? c : best;
          }
          assertEquals(model.getLabels()[best], row.getString(4), what);
          assertEquals(p.get(model.getLabels()[best]), row.getDouble(3), 0.0, what);
        }
      }
    }
  }

  @Test
  void twoModelsOverOneColumnEachGiveTheirOwnPredictions() {
    EmbeddingClassifierModel sharp = stringLabelled();
    EmbeddingClassifierModel flat = new EmbeddingClassifier().setFolds(3).setRegParams(10).fit(vectors(12, "string", "m"))
        .setPredictionCol("flat_label").setConfidenceCol("flat_confidence").setProbabilitiesCol("flat_probabilities")
        .setStatusCol("flat_status");
    Dataset<Row> input = vectors(4, "string", "m").select("id", "embedding");
    Row both = flat.transform(sharp.transform(input)).orderBy("id").first();
    double sharpAlone = sharp.transform(input).orderBy("id").first().getAs("confidence");
    double flatAlone = flat.transform(input).orderBy("id").first().getAs("flat_confidence");
    assertTrue(Math.abs(sharpAlone - flatAlone) > 0.1, sharpAlone + " vs " + flatAlone);
    assertEquals(sharpAlone, both.<Double>getAs("confidence"), 0.0);
    assertEquals(flatAlone, both.<Double>getAs("flat_confidence"), 0.0);
  }

  @Test
  void rowsTheModelCannotClassifyGetAStatusAndNoPrediction() {
    EmbeddingClassifierModel model = new EmbeddingClassifier().setFolds(3).setRegParams(0.01).fit(vectors(12, "string", "m@1"));
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType), true).add("model", DataTypes.StringType);
    List<Float> unit = new ArrayList<>(List.of(1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f));
    Dataset<Row> input = spark.createDataFrame(List.of(
        RowFactory.create("ok", unit, "m@1"),
        RowFactory.create("null", null, "m@1"),
        RowFactory.create("other-model", unit, "m@2"),
        RowFactory.create("short", List.of(1f, 0f), "m@1"),
        RowFactory.create("no-label", unit, null)), schema);
    Map<String, Row> rows = new HashMap<>();
    model.transform(input).collectAsList().forEach(r -> rows.put(r.getString(0), r));
    assertEquals("ok", rows.get("ok").getAs("prediction_status"));
    assertEquals("1", rows.get("ok").getAs("predicted_label"));
    assertEquals("ok", rows.get("no-label").getAs("prediction_status"), "a row without a model label is not checked");
    for (String[] expected : new String[][] {{"null", "null_embedding"}, {"other-model", "model_mismatch"}, {"short", "dimension_mismatch"}}) {
      Row r = rows.get(expected[0]);
      assertEquals(expected[1], r.getAs("prediction_status"), expected[0]);
      assertNull(r.getAs("predicted_label"), expected[0]);
      assertNull(r.getAs("probabilities"), expected[0]);
    }
  }

  @Test
  void badTrainingInputGetsOneLineErrors() {
    ClassifierInputException doubleLabels = assertThrows(ClassifierInputException.class,
        () -> new EmbeddingClassifier().fit(vectors(12, "double", "m")));
    assertEquals("label column 'label' must be a string or an integer, not double", doubleLabels.getMessage());

    ClassifierInputException missing = assertThrows(ClassifierInputException.class,
        () -> new EmbeddingClassifier().setLabelCol("genre").fit(vectors(12, "string", "m")));
    assertEquals("no label column 'genre' (columns: id, embedding, label, model)", missing.getMessage());

    ClassifierInputException oneClass = assertThrows(ClassifierInputException.class,
        () -> new EmbeddingClassifier().fit(vectors(12, "string", "m").withColumn("label", lit("x"))));
    assertEquals("training needs at least 2 classes, got 1: 'x'", oneClass.getMessage());

    ClassifierInputException small = assertThrows(ClassifierInputException.class,
        () -> new EmbeddingClassifier().setFolds(5).fit(vectors(12, "string", "m")
            .filter(not(col("id").startsWith("r0")).or(col("id").isin("r0-2", "r0-3", "r0-4", "r0-5")))));
    assertEquals("1 class has fewer training rows than the 5 folds: '1' (4); drop or merge them, or use fewer folds",
        small.getMessage());

    ClassifierInputException mixed = assertThrows(ClassifierInputException.class,
        () -> new EmbeddingClassifier().setFolds(3).fit(vectors(12, "string", "a@1").union(
            vectors(12, "string", "b@2").withColumn("id", concat(col("id"), lit("-b"))))));
    assertEquals("the training rows mix embedding models (a@1, b@2); train on vectors of one model", mixed.getMessage());
  }
}
