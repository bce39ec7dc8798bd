package dev.sparkembed.jobs;

import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.similarity.ModelCheck;
import dev.sparkembed.similarity.SimilarityJoin;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** read two embed outputs → join → write pairs, then a summary. */
public final class JoinJob {

  /** LSH hash tables (MLlib's BucketedRandomProjectionLSH ORs one projection per table). */
  static final int LSH_TABLES = 8;

  /**
   * Random projections of unit vectors spread about 1/sqrt(dim); buckets a tenth of that keep the
   * candidate pairs MLlib materialises (every bucket collision) within reach on small inputs. A
   * fixed bucket length would put every vector in a few buckets.
   */
  static double lshBucketLength(int dim) {
    return 0.1 / Math.sqrt(dim);
  }
  /** Without --threshold, LSH (threshold-only) looks for pairs above this cosine. */
  static final double LSH_MIN_COSINE = 0.5;

  private JoinJob() {}

  /** Checks paths, modes and that both sides have the same dimension, without Spark. Returns the dimension. */
  public static int preflight(JoinJobConfig config, Configuration conf) {
    int leftDim = EmbeddingFiles.dimension(config.left(), "left input", config.embeddingCol(), conf);
    if (config.right() != null) {
      int rightDim = EmbeddingFiles.dimension(config.right(), "right input", config.embeddingCol(), conf);
      if (leftDim != rightDim) {
        throw new UserInputException("dimension mismatch: left " + config.left() + " has " + leftDim
            + "-dimensional embeddings, right " + config.right() + " has " + rightDim);
      }
      OutputPaths.checkOutput(config.output(), config.right(), WriteMode.parse(config.mode()), conf);
    }
    OutputPaths.checkOutput(config.output(), config.left(), WriteMode.parse(config.mode()), conf);
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
    JoinSide left = JoinSide.of(EmbeddingFiles.read(spark, config.left(), conf), config.idCol(), config.embeddingCol());
    JoinSide right = self ? left
        : JoinSide.of(EmbeddingFiles.read(spark, config.right(), conf), config.idCol(), config.embeddingCol());
    requireComparable(left, right, config.allowModelMismatch());
    JoinSpec spec = new JoinSpec(config.k(), config.threshold(), self, JoinSpec.DEFAULT_BLOCK_ROWS);

    Dataset<Row> pairs;
    SimilarityJoin.IvfStats ivf = null;
    switch (config.methodValue()) {
      case EXACT -> pairs = SimilarityJoin.exact(spark, left, right, spec);
      case IVF -> {
        Tuple2<Dataset<Row>, SimilarityJoin.IvfStats> result = SimilarityJoin.ivf(spark, left, right, spec,
            new SimilarityJoin.IvfParams(config.lists(), config.probes(), config.maxListRows(), config.seed()));
        pairs = result._1();
        ivf = result._2();
      }
      case LSH -> pairs = SimilarityJoin.lsh(spark, left, right, spec, LSH_MIN_COSINE, LSH_TABLES, lshBucketLength(dim), config.seed());
      default -> throw new IllegalStateException();
    }
    pairs.write().mode(SaveMode.Overwrite).parquet(config.output());
    double seconds = (System.nanoTime() - start) / 1e9;

    Dataset<Row> written = spark.read().parquet(config.output());
    long pairCount = written.count();
    Double recall = null;
    if (config.recallSample() != null) {
      recall = SimilarityJoin.recall(spark, left, right, spec, written, config.recallSample(), config.seed());
    }
    JoinSummary summary = new JoinSummary(config.method(), config.k(), config.threshold(), self,
        left.rows(), right.rows(), left.nullEmbeddings(), self ? 0 : right.nullEmbeddings(),
        left.nullIds(), self ? 0 : right.nullIds(), models(left), self ? null : models(right),
        left.normalized() + (self ? 0 : right.normalized()), dim, pairCount, Math.round(seconds * 1000) / 1000.0,
        ivf == null ? null : ivf.lists(), ivf == null ? null : ivf.probes(), ivf == null ? null : ivf.largestList(),
        config.recallSample(), recall == null ? null : Math.round(recall * 1e4) / 1e4, config.output());
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, summary.toJson() + "\n", conf);
    left.release();
    right.release();
    return summary;
  }
}
