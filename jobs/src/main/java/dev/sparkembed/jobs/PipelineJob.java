package dev.sparkembed.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * embed → join → cluster → report (→ classify) in one Spark application. The embeddings are computed once,
 * written to {@code <output>/embeddings}, and both later stages read them from there.
 */
public final class PipelineJob {

  public static final String SUMMARY_FILE = "_summary.json";

  private PipelineJob() {}

  /** Everything that can be checked before any stage runs: inputs, model, every output. */
  public static void preflight(PipelineConfig.Plan plan, Configuration conf) {
    OutputPaths.checkOutput(plan.output(), plan.embed().input(), plan.mode(), conf);
    if (plan.embed().outputFormatValue().lake().isPresent()) {
      throw new UserInputException("pipeline writes its embeddings as files (parquet or jsonl); embed into a table with "
          + "the embed command");
    }
    EmbedJob.preflight(plan.embed(), conf);
    plan.join().ifPresent(join -> {
      if (join.right() != null) {
        EmbeddingFiles.dimensionIfAny(join.right(), "right input", join.embeddingCol(), conf);
        OutputPaths.checkOutput(plan.output(), join.right(), plan.mode(), conf);
      }
    });
    plan.cluster().ifPresent(cluster -> {
      if (cluster.text() != null) {
        EmbeddingFiles.dataFiles(cluster.text(), "text corpus", conf);
      }
    });
    plan.classify().ifPresent(classify -> {
      if (classify.text() != null) {
        EmbeddingFiles.dataFiles(classify.text(), "text corpus", conf);
      }
    });
  }

  /** Runs the stages in order and writes {@code <output>/_summary.json}; returns it as one line. */
  public static String run(SparkSession spark, PipelineConfig.Plan plan) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(plan, conf);
    long start = System.nanoTime();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("embed", Json.read(EmbedJob.run(spark, plan.embed()).toJson(), Map.class));
    plan.join().ifPresent(join -> summary.put("join", Json.read(JoinJob.run(spark, join).toJson(), Map.class)));
    plan.cluster().ifPresent(cluster -> {
      // Per-cluster detail lives in the cluster output and the report.
      summary.put("cluster", ClusterJob.brief(ClusterJob.run(spark, cluster)));
    });
    plan.classify().ifPresent(classify ->
        summary.put("classify", Json.read(ClassifyJob.summaryLine(ClassifyJob.train(spark, classify)), Map.class)));
    summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1e3);
    summary.put("output", plan.output());
    String line = Json.line(summary);
    OutputPaths.writeText(plan.output() + "/" + SUMMARY_FILE, line + "\n", conf);
    return line;
  }
}
