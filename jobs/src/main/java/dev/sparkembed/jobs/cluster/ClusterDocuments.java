package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.EmbeddedDocuments;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Step 1, read: the documents to cluster, as id, embedding, text, (optionally) label, and model. */
public final class ClusterDocuments {

  private ClusterDocuments() {}

  /** id, embedding, text, (optionally) label as a string and the model label when there is one, whichever input they come from. */
  public static Dataset<Row> read(SparkSession spark, ClusterJobConfig config, Configuration conf) {
    Dataset<Row> docs = new EmbeddedDocuments(config.input(), "input", config.text(), config.idCol(), config.textCol(),
        config.embeddingCol(), config.labelCol(), "keywords").read(spark, conf);
    return config.labelCol() == null ? docs : docs.withColumn("label", col("label").cast("string"));
  }
}
