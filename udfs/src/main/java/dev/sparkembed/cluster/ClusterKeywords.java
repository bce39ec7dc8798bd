package dev.sparkembed.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * TF-IDF over a corpus (MLlib: tokenizer, English stop words removed, vocabulary, IDF), and the
 * terms that weigh most in each cluster's documents. The same features serve the TF-IDF + KMeans
 * baseline that clustering quality is compared against.
 */
public final class ClusterKeywords {

  public static final String FEATURES = "tfidf";

  private final PipelineModel model;
  private final String[] vocabulary;

  private ClusterKeywords(PipelineModel model) {
    this.model = model;
    this.vocabulary = ((CountVectorizerModel) model.stages()[2]).vocabulary();
  }

  /** Fits on {@code docs.textCol}; words of at least 3 letters, seen in at least 2 documents. */
  public static ClusterKeywords fit(Dataset<Row> docs, String textCol, int vocabularySize) {
    RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(textCol).setOutputCol("_words")
        .setPattern("[^\\p{L}]+").setMinTokenLength(3).setToLowercase(true);
    StopWordsRemover stopWords = new StopWordsRemover().setInputCol("_words").setOutputCol("_terms");
    CountVectorizer counts = new CountVectorizer().setInputCol("_terms").setOutputCol("_tf")
        .setVocabSize(vocabularySize).setMinDF(Math.min(2, Math.max(1, docs.count() / 2)));
    IDF idf = new IDF().setInputCol("_tf").setOutputCol(FEATURES);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {tokenizer, stopWords, counts, idf});
    return new ClusterKeywords(pipeline.fit(docs));
  }

  /** Adds the {@value #FEATURES} column. */
  public Dataset<Row> transform(Dataset<Row> docs) {
    return model.transform(docs).drop("_words", "_terms", "_tf");
  }

  public int vocabularySize() {
    return vocabulary.length;
  }

  /**
   * The {@code top} terms with the largest summed TF-IDF over each cluster's documents.
   *
   * @param featurized output of {@link #transform} with an int cluster column
   */
  public Map<Integer, List<String>> topTerms(Dataset<Row> featurized, String clusterCol, int top) {
    int size = vocabulary.length;
    List<Tuple2<Integer, double[]>> sums = featurized.select(clusterCol, FEATURES).javaRDD()
        .mapToPair(row -> new Tuple2<>(row.getInt(0), (Vector) row.get(1)))
        .aggregateByKey(new double[size], (acc, v) -> {
          SparseVector sparse = v.toSparse();
          int[] indices = sparse.indices();
          double[] values = sparse.values();
          for (int i = 0; i < indices.length; i++) {
            acc[indices[i]] += values[i];
          }
          return acc;
        }, (a, b) -> {
          for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
          }
          return a;
        }).collect();
    Map<Integer, List<String>> terms = new HashMap<>();
    for (Tuple2<Integer, double[]> cluster : sums) {
      double[] weights = cluster._2();
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] > 0) {
          order.add(i);
        }
      }
      order.sort((a, b) -> Double.compare(weights[b], weights[a]));
      List<String> words = new ArrayList<>();
      for (int i = 0; i < Math.min(top, order.size()); i++) {
        words.add(vocabulary[order.get(i)]);
      }
      terms.put(cluster._1(), words);
    }
    return terms;
  }
}
