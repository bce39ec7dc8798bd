package dev.sparkembed.cluster;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * TF-IDF over a corpus (MLlib: tokenizer, English stop words removed, vocabulary, IDF): the
 * features of the TF-IDF + KMeans baseline that clustering quality is compared against.
 */
public final class TfIdfFeatures {

  public static final String FEATURES = "tfidf";

  private final PipelineModel model;
  private final String[] vocabulary;

  private TfIdfFeatures(PipelineModel model) {
    this.model = model;
    this.vocabulary = ((CountVectorizerModel) model.stages()[2]).vocabulary();
  }

  /** Fits on {@code docs.textCol}; words of at least 3 letters, seen in at least 2 documents. */
  public static TfIdfFeatures fit(Dataset<Row> docs, String textCol, int vocabularySize) {
    RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(textCol).setOutputCol("_words")
        .setPattern("[^\\p{L}]+").setMinTokenLength(3).setToLowercase(true);
    StopWordsRemover stopWords = new StopWordsRemover().setInputCol("_words").setOutputCol("_terms");
    CountVectorizer counts = new CountVectorizer().setInputCol("_terms").setOutputCol("_tf")
        .setVocabSize(vocabularySize).setMinDF(Math.min(2, Math.max(1, docs.count() / 2)));
    IDF idf = new IDF().setInputCol("_tf").setOutputCol(FEATURES);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {tokenizer, stopWords, counts, idf});
    return new TfIdfFeatures(pipeline.fit(docs));
  }

  /** Adds the {@value #FEATURES} column. */
  public Dataset<Row> transform(Dataset<Row> docs) {
    return model.transform(docs).drop("_words", "_terms", "_tf");
  }

  public int vocabularySize() {
    return vocabulary.length;
  }
}
