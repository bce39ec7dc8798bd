package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.classify.ClassificationMetrics;
import dev.sparkembed.classify.ClassifierInputException;
import dev.sparkembed.classify.EmbeddingClassifier;
import dev.sparkembed.classify.EmbeddingClassifierModel;
import dev.sparkembed.jobs.classify.ClassifierEvaluation;
import dev.sparkembed.jobs.classify.ClassifyDocuments;
import dev.sparkembed.jobs.classify.ClassifyReport;
import dev.sparkembed.jobs.classify.PredictionCounts;
import dev.sparkembed.jobs.classify.StratifiedSplit;
import dev.sparkembed.jobs.classify.TextBaseline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code classify}, two jobs. Training: read → hold out a stratified test set → fit the embedding
 * classifier and the TF-IDF baseline on the same rows → score both on the same test rows → write
 * the model, the test predictions, the summary and the report. Applying: read → check the model
 * fits the embeddings → predict → write, counting statuses and labels as the rows are written.
 */
public final class ClassifyJob {

  private static final Logger LOG = LoggerFactory.getLogger(ClassifyJob.class);

  public static final String MODEL_DIR = "model";
  public static final String TEST_PREDICTIONS_DIR = "test_predictions";

  private ClassifyJob() {}

  /** Checks what can be checked before Spark runs; returns the input's embedding dimension. */
  public static int preflight(ClassifyJobConfig config, Configuration conf) {
    if (config.training()) {
      int dimension = EmbeddingFiles.dimension(config.train(), "training input", config.embeddingCol(), conf);
      if (config.text() != null) {
        EmbeddingFiles.dataFiles(config.text(), "text corpus", conf);
      }
      OutputPaths.checkOutput(config.output(), config.train(), config.run().writeMode(), conf);
      return dimension;
    } else {
      int dimension = EmbeddingFiles.dimensionIfAny(config.input(), "input", config.embeddingCol(), conf);
      try {
        Path metadata = new Path(config.model(), "metadata");
        if (!metadata.getFileSystem(conf).exists(metadata)) {
          throw new UserInputException("model " + config.model() + " is not a saved Spark ML model (no metadata/); "
              + "give a training run's OUT/model");
        }
      } catch (IOException e) {
        throw new UserInputException("cannot read model " + config.model() + ": " + e.getMessage());
      }
      OutputPaths.checkOutput(config.output(), config.input(), config.run().writeMode(), conf);
      return dimension;
    }
  }

  public static Map<String, Object> run(SparkSession spark, ClassifyJobConfig config) {
    return config.training() ? train(spark, config) : apply(spark, config);
  }

  public static Map<String, Object> train(SparkSession spark, ClassifyJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(config, conf);
    long start = System.nanoTime();
    Dataset<Row> docs = ClassifyDocuments.forTraining(spark, config, conf);
    Row counts = docs.agg(count(lit(1)), sum(when(col("embedding").isNull(), 1).otherwise(0)),
        sum(when(col("embedding").isNotNull().and(col("label").isNull()), 1).otherwise(0))).first();
    long rows = counts.getLong(0);
    long nullEmbeddings = rows == 0 ? 0 : counts.getLong(1);
    long nullLabels = rows == 0 ? 0 : counts.getLong(2);
    Dataset<Row> labelled = docs.filter(col("embedding").isNotNull().and(col("label").isNotNull()));

    StratifiedSplit split = StratifiedSplit.of(labelled, config.testFraction(), config.folds(), config.seed(),
        config.minClassRows());
    Dataset<Row> tested = null;
    long splitAt = System.nanoTime();
    try {
      double[] grid = config.regParams().stream().mapToDouble(Double::doubleValue).toArray();
      List<String> labels = split.labels();
      EmbeddingClassifier estimator = new EmbeddingClassifier().setFeaturesCol("embedding").setLabelCol("label")
          .setModelCol("model").setFolds(config.folds()).setRegParams(grid).setMaxIter(config.maxIter()).setSeed(config.seed());
      PipelineModel fitted;
      try {
        fitted = new Pipeline().setStages(new PipelineStage[] {estimator}).fit(split.train());
      } catch (ClassifierInputException e) {
        throw new UserInputException(e.getMessage());
      }
      EmbeddingClassifierModel classifier = (EmbeddingClassifierModel) fitted.stages()[0];
      long fittedAt = System.nanoTime();
      TextBaseline baseline = TextBaseline.fit(split.trainWithFolds(config.folds(), config.seed()), labels, config.folds(),
          grid, config.maxIter(), config.seed());

      long baselineAt = System.nanoTime();
      tested = baseline.predict(classifier.transform(split.test()))
          .select(col("id"), col("label_value"), col("text"), col(EmbeddingClassifierModel.DEFAULT_PREDICTION_COL),
              col(EmbeddingClassifierModel.DEFAULT_CONFIDENCE_COL), col("baseline_label"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      ClassificationMetrics embedding = ClassifierEvaluation.metrics(tested, EmbeddingClassifierModel.DEFAULT_PREDICTION_COL, labels);
      ClassificationMetrics tfidf = ClassifierEvaluation.metrics(tested, "baseline_label", labels);

      try {
        fitted.write().overwrite().save(config.output() + "/" + MODEL_DIR);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot save the model under " + config.output(), e);
      }
      tested.select(col("id"), col("label_value").as("label"), col(EmbeddingClassifierModel.DEFAULT_PREDICTION_COL),
              col(EmbeddingClassifierModel.DEFAULT_CONFIDENCE_COL), col("baseline_label"))
          .write().mode(SaveMode.Overwrite).parquet(config.output() + "/" + TEST_PREDICTIONS_DIR);

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("mode", "train");
      summary.put("rows", rows);
      summary.put("train_rows", split.trainRows());
      summary.put("test_rows", split.testRows());
      summary.put("null_embeddings", nullEmbeddings);
      summary.put("null_labels", nullLabels);
      summary.put("classes", labels.size());
      summary.put("small_class_rows", split.dropped().values().stream().mapToLong(Long::longValue).sum());
      summary.put("dropped_classes", split.dropped());
      summary.put("model", classifier.getEmbeddingModel().isEmpty() ? null : classifier.getEmbeddingModel());
      summary.put("folds", config.folds());
      summary.put("test_fraction", config.testFraction());
      summary.put("seed", config.seed());
      summary.put("labels", labels);
      Map<String, Object> perClass = new LinkedHashMap<>();
      split.classes().forEach((label, size) -> perClass.put(label, Map.of("train", size.train(), "test", size.test())));
      summary.put("rows_per_class", perClass);
      summary.put("embedding", ClassifierEvaluation.figures(embedding, classifier.getRegParam(), grid, classifier.getCvAccuracy()));
      summary.put("tfidf_baseline", ClassifierEvaluation.figures(tfidf, baseline.regParam(), grid, baseline.cvAccuracy()));
      summary.put("most_confused", ClassifierEvaluation.mostConfused(tested, EmbeddingClassifierModel.DEFAULT_PREDICTION_COL, embedding));
      summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1e3);
      summary.put("output", config.output());
      summary.put("report", config.report());
      LOG.info("phases: read and split {} s, embedding classifier {} s, TF-IDF baseline {} s, test and write {} s",
          seconds(start, splitAt), seconds(splitAt, fittedAt), seconds(fittedAt, baselineAt), seconds(baselineAt, System.nanoTime()));
      OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, Json.line(summary) + "\n", conf);
      if (config.report() != null) {
        ClassifyReport.write(config.report(), summary, conf);
      }
      return summary;
    } finally {
      split.release();
      if (tested != null) {
        tested.unpersist();
      }
    }
  }

  public static Map<String, Object> apply(SparkSession spark, ClassifyJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    int dimension = preflight(config, conf);
    long start = System.nanoTime();
    PipelineModel pipeline;
    try {
      pipeline = PipelineModel.load(config.model());
    } catch (RuntimeException e) {
      throw new UserInputException("cannot load model " + config.model() + ": " + firstLine(e));
    }
    long loadedAt = System.nanoTime();
    EmbeddingClassifierModel classifier = Arrays.stream(pipeline.stages())
        .filter(EmbeddingClassifierModel.class::isInstance).map(EmbeddingClassifierModel.class::cast).findFirst()
        .orElseThrow(() -> new UserInputException("model " + config.model() + " holds no EmbeddingClassifierModel stage"));
    Dataset<Row> input = EmbeddingFiles.read(spark, config.input(), conf);
    List<String> columns = Arrays.asList(input.columns());
    List<String> wanted = new ArrayList<>(List.of(config.idCol(), config.embeddingCol()));
    wanted.addAll(config.keepCols());
    for (String kept : config.keepCols()) {
      if (List.of(config.idCol(), classifier.getPredictionCol(), classifier.getConfidenceCol(),
          classifier.getProbabilitiesCol(), "status").contains(kept)) {
        throw new UserInputException("--keep-cols " + kept + ": the predictions already have a column '" + kept + "'");
      }
    }
    for (String column : wanted) {
      if (!columns.contains(column)) {
        throw new UserInputException("input " + config.input() + " has no column '" + column + "'");
      }
    }
    if (dimension == EmbeddingFiles.UNKNOWN_DIMENSION) { // a table, or no vector in the rows peeked: Spark looks
      dimension = EmbeddingFiles.dimension(input, config.embeddingCol());
    }
    // No vector at all (no rows, or null embeddings only) leaves nothing to check: each row gets its status.
    if (dimension != EmbeddingFiles.UNKNOWN_DIMENSION && dimension != classifier.dimension()) {
      throw new UserInputException("input " + config.input() + " has " + dimension + "-d embeddings; the classifier takes "
          + classifier.dimension() + "-d");
    }
    String trainedOn = classifier.getEmbeddingModel();
    if (columns.contains("model") && !trainedOn.isEmpty()) {
      List<String> others = modelsOtherThan(input, trainedOn);
      if (!others.isEmpty()) {
        throw new UserInputException("input " + config.input() + " was embedded by " + String.join(", ", others)
            + "; the classifier was trained on " + trainedOn + " vectors (re-embed the input with that model)");
      }
    }
    long checkedAt = System.nanoTime();
    String status = "_classify_status";
    classifier.setFeaturesCol(config.embeddingCol()).setModelCol("model").setStatusCol(status);
    Dataset<Row> predicted;
    try {
      predicted = pipeline.transform(input);
    } catch (ClassifierInputException e) {
      throw new UserInputException(e.getMessage());
    }
    List<Column> out = new ArrayList<>(List.of(col(config.idCol()), col(classifier.getPredictionCol()),
        col(classifier.getConfidenceCol()), col(classifier.getProbabilitiesCol()), col(status).as("status")));
    config.keepCols().forEach(c -> out.add(col(c)));
    PredictionCounts counts = new PredictionCounts(classifier.getLabels());
    counts.observe(predicted.select(out.toArray(new Column[0])), classifier.getPredictionCol())
        .write().mode(SaveMode.Overwrite).parquet(config.output());
    Map<String, Long> byStatus = counts.byStatus();
    Map<String, Long> byLabel = counts.byLabel();
    long writtenAt = System.nanoTime();
    LOG.info("phases: load model {} s, check input {} s, classify and write {} s", seconds(start, loadedAt),
        seconds(loadedAt, checkedAt), seconds(checkedAt, writtenAt));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("mode", "apply");
    summary.put("rows", byStatus.values().stream().mapToLong(Long::longValue).sum());
    summary.put("classified", byStatus.getOrDefault(EmbeddingClassifierModel.OK, 0L));
    summary.put("null_embeddings", byStatus.getOrDefault(EmbeddingClassifierModel.NULL_EMBEDDING, 0L));
    summary.put("model_mismatch", byStatus.getOrDefault(EmbeddingClassifierModel.MODEL_MISMATCH, 0L));
    summary.put("dimension_mismatch", byStatus.getOrDefault(EmbeddingClassifierModel.DIMENSION_MISMATCH, 0L));
    summary.put("predicted", byLabel);
    summary.put("model", trainedOn.isEmpty() ? null : trainedOn);
    summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1e3);
    summary.put("input", config.input());
    summary.put("output", config.output());
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, Json.line(summary) + "\n", conf);
    return summary;
  }

  /**
   * Up to three {@code model} labels other than {@code trainedOn} among the input's first rows that
   * differ: the apply job's model-label check. A limit, not a distinct: no shuffle, and Parquet
   * skips row groups whose statistics hold only {@code trainedOn}.
   */
  public static List<String> modelsOtherThan(Dataset<Row> input, String trainedOn) {
    return input.select(col("model").cast("string")).filter(col("model").isNotNull()
        .and(col("model").notEqual(trainedOn))).limit(100).collectAsList().stream().map(r -> r.getString(0))
        .distinct().limit(3).toList();
  }

  /** The summary without per-class details: the one line the CLI prints. */
  public static String summaryLine(Map<String, Object> summary) {
    Map<String, Object> line = new LinkedHashMap<>(summary);
    line.remove("rows_per_class");
    line.remove("most_confused");
    line.remove("labels");
    for (String part : List.of("embedding", "tfidf_baseline")) {
      if (line.get(part) instanceof Map<?, ?> figures) {
        Map<String, Object> brief = new LinkedHashMap<>();
        figures.forEach((k, v) -> {
          if (!k.equals("per_class") && !k.equals("confusion_matrix") && !k.equals("cross_validation")) {
            brief.put((String) k, v);
          }
        });
        line.put(part, brief);
      }
    }
    return Json.line(line);
  }

  private static double seconds(long from, long to) {
    return Math.round((to - from) / 1e8) / 10.0;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
