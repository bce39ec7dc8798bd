package dev.sparkembed.jobs;

import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.similarity.ModelCheck;
import dev.sparkembed.similarity.JoinResult;
import dev.sparkembed.similarity.Recall;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** read two embed outputs → join → write pairs, then a summary. */
public final class JoinJob {

  private JoinJob() {}

  /** Checks paths, modes and that both sides have the same dimension, without Spark. Returns the dimension. */
  public static int preflight(JoinJobConfig config, Configuration conf) {
    int leftDim = EmbeddingFiles.dimension(config.left(), "left input", config.embeddingCol(), conf);
    if (config.right() != null) {
      int rightDim = EmbeddingFiles.dimension(config.right(), "right input", config.embeddingCol(), conf);
      if (leftDim != rightDim && leftDim != EmbeddingFiles.UNKNOWN_DIMENSION && rightDim != EmbeddingFiles.UNKNOWN_DIMENSION) {
        throw new UserInputException("dimension mismatch: left " + config.left() + " has " + leftDim
            + "-dimensional embeddings, right " + config.right() + " has " + rightDim);
      }
      OutputPaths.checkOutput(config.output(), config.right(), config.run().writeMode(), conf);
    }
    OutputPaths.checkOutput(config.output(), config.left(), config.run().writeMode(), conf);
    return leftDim;
  }

  /**
   * Refuses sides that different models made (or a side that mixes them), unless allowed: their
   * vectors have the same shape but their similarities mean nothing. Releases the sides first.
   */
  static void requireComparable(JoinSide left, JoinSide right, boolean allowMismatch) {
    ModelCheck.problem(left, right).ifPresent(problem -> {
      if (!allowMismatch) {
        left.release();
        right.release();
        throw new UserInputException(problem + " (pass --allow-model-mismatch to join them anyway)");
      }
    });
  }

  /** The side's model labels for the summary; null when it has no model column. */
  static String models(JoinSide side) {
    return side.models().isEmpty() ? null : String.join("; ", new java.util.TreeSet<>(side.models()));
  }

  public static JoinSummary run(SparkSession spark, JoinJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    int dim = preflight(config, conf);
    long start = System.nanoTime();
    boolean self = config.right() == null;
    Dataset<Row> leftRows = EmbeddingFiles.read(spark, config.left(), conf);
    Dataset<Row> rightRows = self ? leftRows : EmbeddingFiles.read(spark, config.right(), conf);
    if (dim == EmbeddingFiles.UNKNOWN_DIMENSION) { // a catalog table: checked now that a session reads it
      dim = EmbeddingFiles.dimension(leftRows, config.embeddingCol());
      int rightDim = self ? dim : EmbeddingFiles.dimension(rightRows, config.embeddingCol());
      if (dim != rightDim) {
        throw new UserInputException("dimension mismatch: left " + config.left() + " has " + dim
            + "-dimensional embeddings, right " + config.right() + " has " + rightDim);
      }
    }
    JoinSide left = JoinSide.of(leftRows, config.idCol(), config.embeddingCol());
    JoinSide right = self ? left : JoinSide.of(rightRows, config.idCol(), config.embeddingCol());
    requireComparable(left, right, config.search().allowModelMismatch());
    JoinSpec spec = new JoinSpec(config.k(), config.threshold(), self, JoinSpec.DEFAULT_BLOCK_ROWS);

    JoinResult result = config.search().joinMethod().join(spark, left, right, spec);
    Dataset<Row> pairs = result.pairs();
    pairs.write().mode(SaveMode.Overwrite).parquet(config.output());
    double seconds = (System.nanoTime() - start) / 1e9;

    Dataset<Row> written = spark.read().parquet(config.output());
    long pairCount = written.count();
    Double recall = null;
    if (config.recallSample() != null) {
      recall = Recall.of(spark, left, right, spec, written, config.recallSample(), config.search().seed());
    }
    JoinSummary summary = new JoinSummary(config.search().method(), config.k(), config.threshold(), self,
        left.rows(), right.rows(), left.nullEmbeddings(), self ? 0 : right.nullEmbeddings(),
        left.nullIds(), self ? 0 : right.nullIds(), left.repeatedIds(), self ? 0 : right.repeatedIds(),
        models(left), self ? null : models(right),
        left.normalized() + (self ? 0 : right.normalized()), dim, pairCount, Math.round(seconds * 1000) / 1000.0,
        (Integer) result.stats().get("lists"), (Integer) result.stats().get("probes"), (Long) result.stats().get("largest_list"),
        config.recallSample(), recall == null ? null : Math.round(recall * 1e4) / 1e4, config.output());
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, summary.toJson() + "\n", conf);
    left.release();
    right.release();
    return summary;
  }
}
