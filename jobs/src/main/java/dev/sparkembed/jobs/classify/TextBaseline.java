package dev.sparkembed.jobs.classify;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable$;

/**
 * The baseline every training run is measured against: TF-IDF (MLlib tokenizer, English stop
 * words removed, a vocabulary of the {@value #VOCABULARY} commonest words seen in at least 2
 * training documents, IDF) into the same multinomial logistic regression, with the regularisation
 * chosen from the same grid by the same kind of stratified cross-validation, on the same training
 * rows, scored on the same test rows. A null text counts as an empty one. The vocabulary and IDF
 * come from all the training rows, as the embeddings come from a model fitted elsewhere.
 */
public final class TextBaseline {

  public static final int VOCABULARY = 50_000;

  private final PipelineModel model;
  private final List<String> labels;
  private final double regParam;
  private final double[] cvAccuracy;

  private TextBaseline(PipelineModel model, List<String> labels, double regParam, double[] cvAccuracy) {
    this.model = model;
    this.labels = labels;
    this.regParam = regParam;
    this.cvAccuracy = cvAccuracy;
  }

  /** @param train rows with {@code text}, {@code label_value} and {@code fold} */
  public static TextBaseline fit(Dataset<Row> train, List<String> labels, int folds, double[] grid, int maxIter, long seed) {
    int parallelism = Math.max(1, Math.min(grid.length, train.sparkSession().sparkContext().defaultParallelism()));
    org.apache.spark.sql.types.Metadata classes = NominalAttribute.defaultAttr().withName("label_index")
        .withValues(labels.toArray(new String[0])).toMetadata();
    Column labelIndex = array_position(array(labels.stream().map(l -> lit(l)).toArray(Column[]::new)), col("label_value"))
        .minus(1).cast("double").as("label_index", classes);
    Dataset<Row> rows = withText(train).select(col("_text"), labelIndex, col("fold"));

    RegexTokenizer tokenizer = new RegexTokenizer().setInputCol("_text").setOutputCol("_words")
        .setPattern("[^\\p{L}\\p{N}]+").setMinTokenLength(2).setToLowercase(true);
    StopWordsRemover stopWords = new StopWordsRemover().setInputCol("_words").setOutputCol("_terms");
    CountVectorizer counts = new CountVectorizer().setInputCol("_terms").setOutputCol("_tf")
        .setVocabSize(VOCABULARY).setMinDF(2);
    IDF idf = new IDF().setInputCol("_tf").setOutputCol("_tfidf");
    // Vocabulary and IDF are fitted once on all training rows (no labels involved, and never the test
    // rows); cross-validation tunes the logistic regression on those features. Refitting them per
    // fold and per grid value cost 20 passes of vocabulary building for the same choice.
    PipelineModel features = new Pipeline().setStages(new PipelineStage[] {tokenizer, stopWords, counts, idf}).fit(rows);
    Dataset<Row> featurized = features.transform(rows).select(col("_tfidf"), col("label_index"), col("fold"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      LogisticRegression lr = new LogisticRegression().setFamily("multinomial").setMaxIter(maxIter)
          .setFeaturesCol("_tfidf").setLabelCol("label_index").setPredictionCol("_baseline_index");
      CrossValidator cv = new CrossValidator().setEstimator(lr)
          .setEstimatorParamMaps(new ParamGridBuilder().addGrid(lr.regParam(), grid).build())
          .setEvaluator(new MulticlassClassificationEvaluator().setLabelCol("label_index")
              .setPredictionCol("_baseline_index").setMetricName("accuracy"))
          .setNumFolds(folds).setFoldCol("fold").setSeed(seed).setParallelism(parallelism);
      CrossValidatorModel chosen = cv.fit(featurized);
      double best = grid[argMax(chosen.avgMetrics())];
      PipelineModel model = new PipelineModel(Identifiable$.MODULE$.randomUID("tfidfBaseline"),
          new Transformer[] {features, chosen.bestModel()});
      return new TextBaseline(model, labels, best, chosen.avgMetrics());
    } finally {
      featurized.unpersist();
    }
  }

  /** Adds {@code baseline_label}, the baseline's prediction. */
  public Dataset<Row> predict(Dataset<Row> docs) {
    Column names = array(labels.stream().map(l -> lit(l)).toArray(Column[]::new));
    return model.transform(withText(docs))
        .withColumn("baseline_label", element_at(names, col("_baseline_index").cast("int").plus(1)))
        .drop("_text", "_words", "_terms", "_tf", "_tfidf", "rawPrediction", "probability", "_baseline_index");
  }

  public double regParam() {
    return regParam;
  }

  public double[] cvAccuracy() {
    return cvAccuracy.clone();
  }

  private static Dataset<Row> withText(Dataset<Row> docs) {
    return docs.withColumn("_text", coalesce(col("text"), lit("")));
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
