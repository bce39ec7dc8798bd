package dev.sparkembed.jobs.classify;

import dev.sparkembed.classify.ClassifierInputException;
import dev.sparkembed.classify.EmbeddingClassifier;
import dev.sparkembed.jobs.ClassifyJobConfig;
import dev.sparkembed.jobs.EmbeddedDocuments;
import dev.sparkembed.jobs.UserInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 1, read: labelled training documents as {@code id, embedding, text, label} (plus {@code
 * model} when the embeddings have it), the label as stored (a string or an integer).
 */
public final class ClassifyDocuments {

  private ClassifyDocuments() {}

  public static Dataset<Row> forTraining(SparkSession spark, ClassifyJobConfig config, Configuration conf) {
    Dataset<Row> docs = new EmbeddedDocuments(config.train(), "training input", config.text(), config.idCol(),
        config.textCol(), config.embeddingCol(), config.labelCol(), "the TF-IDF baseline").read(spark, conf);
    try {
      EmbeddingClassifier.requireLabelColumn(docs.withColumnRenamed("label", config.labelCol()).schema(), config.labelCol());
    } catch (ClassifierInputException e) {
      throw new UserInputException(e.getMessage());
    }
    return docs;
  }
}
