package dev.sparkembed.jobs;

import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.similarity.ModelCheck;
import dev.sparkembed.similarity.JoinResult;
import dev.sparkembed.similarity.Recall;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** read two embed outputs → join → write pairs, then a summary. */
public final class JoinJob {

  private JoinJob() {}

  /**
   * Checks paths, modes and that both sides have the same dimension, without Spark: each side's
   * first vector in its files (a table, and a side with no vector in the rows peeked, are checked
   * once Spark reads them; no vectors at all means no pairs, not an error).
   */
  public static void preflight(JoinJobConfig config, Configuration conf) {
    int leftDim = EmbeddingFiles.dimensionIfAny(config.left(), "left input", config.embeddingCol(), conf);
    if (config.right() != null) {
      requireSameDimension(config, leftDim, EmbeddingFiles.dimensionIfAny(config.right(), "right input", config.embeddingCol(), conf));
      OutputPaths.checkOutput(config.output(), config.right(), config.run().writeMode(), conf);
    }
    OutputPaths.checkOutput(config.output(), config.left(), config.run().writeMode(), conf);
  }

  /**
   * No right side, or the left one named again: a self-join, whose rows are not their own
   * neighbours (as {@code similarity_join} treats one table on both sides).
   */
  static boolean isSelfJoin(JoinJobConfig config, Configuration conf) {
    if (config.right() == null || config.right().equals(config.left())) {
      return true;
    }
    try {
      Path left = new Path(config.left());
      Path right = new Path(config.right());
      return left.getFileSystem(conf).makeQualified(left).equals(right.getFileSystem(conf).makeQualified(right));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static int dimensionOf(JoinSide side) {
    return side.rows() == 0 ? EmbeddingFiles.UNKNOWN_DIMENSION : side.dimension();
  }

  /** The sides' dimension for the summary: null when neither side has a vector. */
  private static Integer known(int leftDim, int rightDim) {
    int dim = leftDim != EmbeddingFiles.UNKNOWN_DIMENSION ? leftDim : rightDim;
    return dim == EmbeddingFiles.UNKNOWN_DIMENSION ? null : dim;
  }

  private static void requireSameDimension(JoinJobConfig config, int leftDim, int rightDim) {
    if (leftDim != rightDim && leftDim != EmbeddingFiles.UNKNOWN_DIMENSION && rightDim != EmbeddingFiles.UNKNOWN_DIMENSION) {
      throw new UserInputException("dimension mismatch: left " + config.left() + " has " + leftDim
          + "-dimensional embeddings, right " + config.right() + " has " + rightDim);
    }
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

  /**
   * A join side read from an input; a missing id or embedding column (a table's is known only
   * now), or vectors of different lengths, are one-line errors naming it.
   */
  static JoinSide side(Dataset<Row> rows, String input, String idCol, String embeddingCol) {
    for (String column : List.of(idCol, embeddingCol)) {
      if (!Arrays.asList(rows.columns()).contains(column)) {
        throw new UserInputException(input + " has no column '" + column + "' (columns: " + String.join(", ", rows.columns()) + ")");
      }
    }
    try {
      return JoinSide.of(rows, idCol, embeddingCol);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(input + " " + e.getMessage());
    }
  }

  /** The side's model labels for the summary; null when it has no model column. */
  static String models(JoinSide side) {
    return side.models().isEmpty() ? null : String.join("; ", new java.util.TreeSet<>(side.models()));
  }

  public static JoinSummary run(SparkSession spark, JoinJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(config, conf);
    long start = System.nanoTime();
    boolean self = isSelfJoin(config, conf);
    Dataset<Row> leftRows = EmbeddingFiles.read(spark, config.left(), conf);
    Dataset<Row> rightRows = self ? leftRows : EmbeddingFiles.read(spark, config.right(), conf);
    JoinSide left = side(leftRows, "left input " + config.left(), config.idCol(), config.embeddingCol());
    JoinSide right = null;
    try {
      right = self ? left : side(rightRows, "right input " + config.right(), config.idCol(), config.embeddingCol());
      // Every vector's length, now that Spark has read them all: tables, and rows past the ones peeked.
      requireSameDimension(config, dimensionOf(left), dimensionOf(right));
    } catch (UserInputException e) {
      left.release();
      if (right != null) {
        right.release();
      }
      throw e;
    }
    requireComparable(left, right, config.search().allowModelMismatch());
    JoinSpec spec = new JoinSpec(config.k(), config.threshold(), self, JoinSpec.DEFAULT_BLOCK_ROWS);

    // A side with no row to score (none at all, or none with an id and a vector) gives no pairs.
    boolean empty = left.rows() == 0 || right.rows() == 0;
    JoinResult result = empty ? JoinResult.none(spark) : config.search().joinMethod().join(spark, left, right, spec);
    Dataset<Row> pairs = result.pairs();
    pairs.write().mode(SaveMode.Overwrite).parquet(config.output());
    double seconds = (System.nanoTime() - start) / 1e9;

    Dataset<Row> written = spark.read().parquet(config.output());
    long pairCount = written.count();
    Double recall = null;
    if (config.recallSample() != null && !empty) {
      recall = Recall.of(spark, left, right, spec, written, config.recallSample(), config.search().seed());
    }
    JoinSummary summary = new JoinSummary(config.search().method(), config.k(), config.threshold(), self,
        left.rows(), right.rows(), left.nullEmbeddings(), self ? 0 : right.nullEmbeddings(),
        left.nullIds(), self ? 0 : right.nullIds(), left.repeatedIds(), self ? 0 : right.repeatedIds(),
        models(left), self ? null : models(right),
        left.normalized() + (self ? 0 : right.normalized()), known(dimensionOf(left), dimensionOf(right)), pairCount,
        Math.round(seconds * 1000) / 1000.0,
        (Integer) result.stats().get("lists"), (Integer) result.stats().get("probes"), (Long) result.stats().get("largest_list"),
        config.recallSample(), recall == null ? null : Math.round(recall * 1e4) / 1e4, config.output());
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, summary.toJson() + "\n", conf);
    left.release();
    right.release();
    return summary;
  }
}
