package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.EmbeddingFiles;
import dev.sparkembed.jobs.InputFormat;
import dev.sparkembed.jobs.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Step 1, read: the documents to cluster, as id, embedding, text and (optionally) label. */
public final class ClusterDocuments {

  private ClusterDocuments() {}

  /** id, embedding, text and (optionally) label, whichever input they come from. */
  public static Dataset<Row> read(SparkSession spark, ClusterJobConfig config, Configuration conf) {
    Dataset<Row> embeddings = EmbeddingFiles.read(spark, config.input(), conf);
    List<String> columns = Arrays.asList(embeddings.columns());
    for (String required : List.of(config.idCol(), config.embeddingCol())) {
      if (!columns.contains(required)) {
        throw new UserInputException("input " + config.input() + " has no column '" + required + "'");
      }
    }
    Dataset<Row> corpus = null;
    List<String> corpusColumns = List.of();
    if (config.text() != null) {
      corpus = readCorpus(spark, config.text(), conf);
      corpusColumns = Arrays.asList(corpus.columns());
      if (!corpusColumns.contains(config.idCol()) || !corpusColumns.contains(config.textCol())) {
        throw new UserInputException("text corpus " + config.text() + " needs columns '" + config.idCol() + "' and '"
            + config.textCol() + "' (has " + String.join(", ", corpusColumns) + ")");
      }
    } else if (!columns.contains(config.textCol())) {
      throw new UserInputException("no text for keywords: input " + config.input() + " has no '" + config.textCol()
          + "' column; keep it with 'embed --keep-cols " + config.textCol() + "' or pass --text CORPUS");
    }
    String label = config.labelCol();
    if (label != null && !columns.contains(label) && !corpusColumns.contains(label)) {
      throw new UserInputException("no label column '" + label + "' in input " + config.input()
          + (config.text() != null ? " or text corpus " + config.text() : ""));
    }
    List<Column> fromEmbeddings = new ArrayList<>(List.of(
        col(config.idCol()).cast("string").as("id"), col(config.embeddingCol()).cast("array<float>").as("embedding")));
    if (label != null && columns.contains(label)) {
      fromEmbeddings.add(col(label).cast("string").as("label"));
    }
    if (corpus == null) {
      fromEmbeddings.add(col(config.textCol()).cast("string").as("text"));
      return embeddings.select(fromEmbeddings.toArray(new Column[0]));
    }
    List<Column> fromCorpus = new ArrayList<>(List.of(
        col(config.idCol()).cast("string").as("id"), col(config.textCol()).cast("string").as("text")));
    if (label != null && !columns.contains(label)) {
      fromCorpus.add(col(label).cast("string").as("label"));
    }
    // One text per id, so the join cannot multiply rows.
    Dataset<Row> texts = corpus.select(fromCorpus.toArray(new Column[0])).dropDuplicates("id");
    return embeddings.select(fromEmbeddings.toArray(new Column[0])).join(texts, new String[] {"id"}, "left");
  }

  private static Dataset<Row> readCorpus(SparkSession spark, String path, Configuration conf) {
    String name = EmbeddingFiles.dataFiles(path, "text corpus", conf).get(0).getPath().getName();
    InputFormat format = InputFormat.fromFileName(name).orElse(InputFormat.PARQUET);
    return switch (format) {
      case JSONL -> spark.read().json(path);
      case CSV -> spark.read().option("header", "true").csv(path);
      case PARQUET -> spark.read().parquet(path);
      case TEXT -> throw new UserInputException("text corpus " + path + " is plain text, which has no ids to join on");
    };
  }
}
