package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Documents as the jobs after embedding read them: {@code id} (a string), {@code embedding}, {@code
 * text}, {@code model} when the embeddings have one, and {@code label} (as stored) when asked for.
 * The text and label come from the embeddings or from a text corpus joined by id.
 *
 * @param input the embed output
 * @param inputName how errors name it ("input", "training input")
 * @param textCorpus a corpus to join by id for the text, or null
 * @param labelCol a label column, or null
 * @param textUse what the text is for, for the error when there is none ("keywords")
 */
public record EmbeddedDocuments(String input, String inputName, String textCorpus, String idCol, String textCol,
    String embeddingCol, String labelCol, String textUse) {

  public Dataset<Row> read(SparkSession spark, Configuration conf) {
    Dataset<Row> embeddings = EmbeddingFiles.read(spark, input, conf);
    List<String> columns = Arrays.asList(embeddings.columns());
    for (String required : List.of(idCol, embeddingCol)) {
      if (!columns.contains(required)) {
        throw new UserInputException(inputName + " " + input + " has no column '" + required + "'");
      }
    }
    Dataset<Row> corpus = null;
    List<String> corpusColumns = List.of();
    if (textCorpus != null) {
      corpus = EmbeddingFiles.readTextCorpus(spark, textCorpus, conf);
      corpusColumns = Arrays.asList(corpus.columns());
      if (!corpusColumns.contains(idCol) || !corpusColumns.contains(textCol)) {
        throw new UserInputException("text corpus " + textCorpus + " needs columns '" + idCol + "' and '" + textCol
            + "' (has " + String.join(", ", corpusColumns) + ")");
      }
    } else if (!columns.contains(textCol)) {
      throw new UserInputException("no text for " + textUse + ": " + inputName + " " + input + " has no '" + textCol
          + "' column; keep it with 'embed --keep-cols " + textCol + "' or pass --text CORPUS");
    }
    boolean labelInEmbeddings = labelCol != null && columns.contains(labelCol);
    if (labelCol != null && !labelInEmbeddings && !corpusColumns.contains(labelCol)) {
      throw new UserInputException("no label column '" + labelCol + "' in " + inputName + " " + input
          + (textCorpus != null ? " or text corpus " + textCorpus : ""));
    }
    List<Column> fromEmbeddings = new ArrayList<>(List.of(
        col(idCol).cast("string").as("id"), col(embeddingCol).cast("array<float>").as("embedding")));
    if (columns.contains("model")) {
      fromEmbeddings.add(col("model").cast("string").as("model"));
    }
    if (labelInEmbeddings) {
      fromEmbeddings.add(col(labelCol).as("label"));
    }
    if (corpus == null) {
      fromEmbeddings.add(col(textCol).cast("string").as("text"));
      return embeddings.select(fromEmbeddings.toArray(new Column[0]));
    }
    List<Column> fromCorpus = new ArrayList<>(List.of(col(idCol).cast("string").as("id"), col(textCol).cast("string").as("text")));
    if (labelCol != null && !labelInEmbeddings) {
      fromCorpus.add(col(labelCol).as("label"));
    }
    // One text per id, so the join cannot multiply rows.
    Dataset<Row> texts = corpus.select(fromCorpus.toArray(new Column[0])).dropDuplicates("id");
    return embeddings.select(fromEmbeddings.toArray(new Column[0])).join(texts, new String[] {"id"}, "left");
  }
}
