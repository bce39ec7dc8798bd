package dev.sparkembed.cluster;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Keywords that tell clusters apart: class-based TF-IDF as BERTopic computes it. All documents of
 * a cluster count as one; a term weighs the square root of its frequency in the cluster (as a share
 * of the cluster's terms; BERTopic's reduce_frequent_words) times log(1 + A / f), where f is its
 * frequency over all clusters and A the average number of terms per cluster. A word frequent everywhere ("one", "said") scores low in every cluster,
 * where summed TF-IDF put it on top of the largest ones.
 *
 * <p>Terms: lower-cased words of 3 letters or more (apostrophes inside a word kept, so that
 * "doesn't" is one word, and a stop word) that are not English stop words, and the
 * bigrams of those words in order; each term in at least 2 documents. A term whose words all
 * appear in a cluster's better keywords is skipped ("york" after "new york").
 */
public final class ClusterKeywords {

  private static final String TERMS = "_terms";
  /** Between words: runs of what is neither a letter nor an apostrophe, and apostrophes not between letters. */
  static final String WORD_GAPS = "[^\\p{L}'’]+|['’](?!\\p{L})|(?<!\\p{L})['’]";

  private ClusterKeywords() {}

  /**
   * @param docs rows with a text column and an int cluster column
   * @return each cluster's {@code top} keywords, best first
   */
  public static Map<Integer, List<String>> of(Dataset<Row> docs, String textCol, String clusterCol, int top, int vocabularySize) {
    Dataset<Row> terms = terms(docs, textCol, clusterCol).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long documents = terms.count();
      CountVectorizerModel vocabulary = new CountVectorizer().setInputCol(TERMS).setOutputCol("_counts")
          .setVocabSize(vocabularySize).setMinDF(Math.min(2, Math.max(1, documents / 2))).fit(terms);
      Dataset<Row> kept = terms.sparkSession().createDataset(Arrays.asList(vocabulary.vocabulary()), Encoders.STRING()).toDF("term");
      Map<Integer, Map<String, Long>> counts = new HashMap<>();
      terms.select(col(clusterCol), explode(col(TERMS)).as("term")).join(broadcast(kept), "term")
          .groupBy(clusterCol, "term").count().collectAsList()
          .forEach(r -> counts.computeIfAbsent(r.getInt(0), c -> new HashMap<>()).put(r.getString(1), r.getLong(2)));
      return top(counts, top);
    } finally {
      terms.unpersist();
    }
  }

  /** c-TF-IDF from (cluster, term) counts, and the best {@code top} terms of each cluster. */
  static Map<Integer, List<String>> top(Map<Integer, Map<String, Long>> counts, int top) {
    Map<String, Long> overall = new HashMap<>();
    Map<Integer, Long> clusterTotals = new HashMap<>();
    long total = 0;
    for (Map.Entry<Integer, Map<String, Long>> cluster : counts.entrySet()) {
      for (Map.Entry<String, Long> term : cluster.getValue().entrySet()) {
        overall.merge(term.getKey(), term.getValue(), Long::sum);
        clusterTotals.merge(cluster.getKey(), term.getValue(), Long::sum);
        total += term.getValue();
      }
    }
    double averagePerCluster = counts.isEmpty() ? 0 : (double) total / counts.size();
    Map<Integer, List<String>> keywords = new HashMap<>();
    for (Map.Entry<Integer, Map<String, Long>> cluster : counts.entrySet()) {
      double clusterTotal = clusterTotals.get(cluster.getKey());
      List<Map.Entry<String, Double>> weighted = new ArrayList<>();
      for (Map.Entry<String, Long> term : cluster.getValue().entrySet()) {
        // Square root as BERTopic's reduce_frequent_words: a word common in every cluster stops outweighing distinctive ones.
        double tf = Math.sqrt(term.getValue() / clusterTotal);
        double idf = Math.log(1 + averagePerCluster / overall.get(term.getKey()));
        weighted.add(Map.entry(term.getKey(), tf * idf));
      }
      weighted.sort((a, b) -> {
        int byWeight = Double.compare(b.getValue(), a.getValue());
        return byWeight != 0 ? byWeight : a.getKey().compareTo(b.getKey());
      });
      List<String> chosen = new ArrayList<>();
      Set<String> chosenWords = new HashSet<>();
      for (Map.Entry<String, Double> term : weighted) {
        if (chosen.size() == top) {
          break;
        }
        List<String> words = List.of(term.getKey().split(" "));
        if (chosenWords.containsAll(words)) {
          continue;
        }
        chosen.add(term.getKey());
        chosenWords.addAll(words);
      }
      keywords.put(cluster.getKey(), List.copyOf(chosen));
    }
    return keywords;
  }

  /** The share of keyword entries that also appear among another cluster's keywords (0: all distinct). */
  public static double sharedShare(Map<Integer, List<String>> keywords) {
    Map<String, Integer> clustersPerTerm = new HashMap<>();
    int entries = 0;
    for (List<String> terms : keywords.values()) {
      for (String term : new HashSet<>(terms)) {
        clustersPerTerm.merge(term, 1, Integer::sum);
        entries++;
      }
    }
    if (entries == 0) {
      return 0;
    }
    long shared = keywords.values().stream().flatMap(terms -> new HashSet<>(terms).stream())
        .filter(term -> clustersPerTerm.get(term) > 1).count();
    return (double) shared / entries;
  }

  /** Each document's terms: filtered words, then their bigrams. */
  private static Dataset<Row> terms(Dataset<Row> docs, String textCol, String clusterCol) {
    RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(textCol).setOutputCol("_words")
        .setPattern(WORD_GAPS).setMinTokenLength(3).setToLowercase(true);
    StopWordsRemover stopWords = new StopWordsRemover().setInputCol("_words").setOutputCol("_unigrams");
    NGram bigrams = new NGram().setN(2).setInputCol("_unigrams").setOutputCol("_bigrams");
    Dataset<Row> tokenized = new Pipeline().setStages(new PipelineStage[] {tokenizer, stopWords, bigrams}).fit(docs)
        .transform(docs.select(col(clusterCol), col(textCol)));
    return tokenized.select(col(clusterCol), concat(col("_unigrams"), col("_bigrams")).as(TERMS));
  }
}
