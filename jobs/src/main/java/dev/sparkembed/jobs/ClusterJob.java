package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.jobs.cluster.ClusterDescriptions;
import dev.sparkembed.jobs.cluster.ClusterDocuments;
import dev.sparkembed.jobs.cluster.ClusterFit;
import dev.sparkembed.jobs.cluster.ClusterMap;
import dev.sparkembed.jobs.cluster.ClusterOutputs;
import dev.sparkembed.jobs.cluster.ClusterQuality;
import dev.sparkembed.jobs.cluster.Format;
import dev.sparkembed.jobs.cluster.KChoice;
import dev.sparkembed.similarity.ModelCheck;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * read → choose k → fit → describe → judge → map → write, each step a class of {@link
 * dev.sparkembed.jobs.cluster}.
 */
public final class ClusterJob {

  public static final String ASSIGNMENTS_DIR = ClusterOutputs.ASSIGNMENTS_DIR;
  public static final String CENTROIDS_DIR = ClusterOutputs.CENTROIDS_DIR;
  /** Points on the report's map, and rows used to choose k: a sample, said so on the page. */
  public static final int MAP_SAMPLE = ClusterMap.MAP_SAMPLE;
  /** Keywords per cluster in the overview lines. */
  static final int OVERVIEW_KEYWORDS = 5;

  private ClusterJob() {}

  public static void preflight(ClusterJobConfig config, Configuration conf) {
    EmbeddingFiles.dimension(config.input(), "input", config.embeddingCol(), conf);
    if (config.text() != null) {
      EmbeddingFiles.dataFiles(config.text(), "text corpus", conf);
    }
    OutputPaths.checkOutput(config.output(), config.input(), config.run().writeMode(), conf);
  }

  /**
   * One pass over the documents: their null embeddings, counted, and their vectors, which must be
   * of one length and one model label (two models' 384-d vectors have the same shape, but their
   * cosines mean nothing to each other). Returns the null embeddings.
   */
  private static long checkVectors(Dataset<Row> docs, String input, boolean allowModelMismatch) {
    Column length = when(col("embedding").isNotNull(), size(col("embedding")));
    boolean labelled = Arrays.asList(docs.columns()).contains("model");
    Row counted = docs.agg(sum(when(col("embedding").isNull(), 1).otherwise(0)), min(length), max(length),
        labelled ? collect_set(when(col("embedding").isNotNull(), col("model"))) : lit(null)).first();
    if (!counted.isNullAt(1) && counted.getInt(1) != counted.getInt(2)) {
      throw new UserInputException("input " + input + " " + ModelCheck.differentLengths(counted.getInt(1), counted.getInt(2)));
    }
    if (labelled && !allowModelMismatch) {
      ModelCheck.mixed("input " + input, new TreeSet<>(counted.<String>getList(3))).ifPresent(problem -> {
        throw new UserInputException(problem + " (pass --allow-model-mismatch to cluster them anyway)");
      });
    }
    return counted.isNullAt(0) ? 0 : counted.getLong(0);
  }

  public static Map<String, Object> run(SparkSession spark, ClusterJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(config, conf);
    long start = System.nanoTime();
    boolean labelled = config.labelCol() != null;
    Dataset<Row> read = ClusterDocuments.read(spark, config, conf);
    long nullEmbeddings = checkVectors(read, config.input(), config.allowModelMismatch());
    Dataset<Row> docs = read.drop("model");
    // Cache only what clustering reads: MLlib's vector replaces the float array (1.5 KB a row at 384-d).
    Dataset<Row> valid = docs.filter(col("embedding").isNotNull())
        .withColumn("features", org.apache.spark.ml.functions.array_to_vector(col("embedding"))).drop("embedding")
        .persist(StorageLevel.MEMORY_AND_DISK());
    long rows = valid.count();

    KChoice k = KChoice.of(valid, config, rows);
    try (ClusterFit fit = ClusterFit.of(spark, config.algorithm(), k.k(), config.seed(), valid)) {
      ClusterDescriptions descriptions = ClusterDescriptions.of(fit, labelled);
      Map<String, Object> quality = ClusterQuality.of(fit, descriptions, config.seed(), labelled);
      ClusterMap map = ClusterMap.of(fit.predicted(), rows, config.map(), config.seed());
      ClusterOutputs.writeAssignments(fit, docs, config.output());
      ClusterOutputs.writeCentroids(spark, fit, descriptions, config.output());
      ClusterOutputs.writeMap(spark, map, config.output());

      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("rows", rows + nullEmbeddings);
      summary.put("clustered", rows);
      summary.put("null_embeddings", nullEmbeddings);
      summary.put("algorithm", config.algorithm());
      summary.put("k", fit.k());
      summary.put("k_auto", config.autoK());
      if (config.autoK()) {
        summary.put("k_choice", k.details());
      }
      summary.put("quality", quality);
      summary.put("keywords_shared", Format.round(descriptions.keywordsShared()));
      summary.put("map", map.summary());
      summary.put("overview", descriptions.overview(fit.k(), labelled, OVERVIEW_KEYWORDS));
      summary.put("clusters", descriptions.perCluster(fit.k(), labelled));
      summary.put("seconds", Math.round((System.nanoTime() - start) / 1e9 * 1e4) / 1e4);
      summary.put("output", config.output());
      summary.put("report", config.report());
      OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, Json.line(summary) + "\n", conf);
      if (config.report() != null) {
        ClusterReport.write(config.report(), summary, map.points(), conf);
      }
      return summary;
    } finally {
      valid.unpersist();
    }
  }

  /** The summary without per-cluster details, overview lines and the k curve: what the CLI and the pipeline print. */
  public static Map<String, Object> brief(Map<String, Object> summary) {
    Map<String, Object> line = new LinkedHashMap<>(summary);
    line.remove("clusters");
    line.remove("overview");
    if (line.get("k_choice") instanceof Map<?, ?> choice) {
      Map<Object, Object> withoutCurve = new LinkedHashMap<>(choice);
      withoutCurve.remove("curve");
      line.put("k_choice", withoutCurve);
    }
    return line;
  }

  /** {@link #brief} as the one line the CLI prints. */
  public static String summaryLine(Map<String, Object> summary) {
    return Json.line(brief(summary));
  }

  /** One line per cluster for people (size, main label, keywords): what the CLI prints after the summary. */
  @SuppressWarnings("unchecked")
  public static List<String> overview(Map<String, Object> summary) {
    return (List<String>) summary.get("overview");
  }
}
