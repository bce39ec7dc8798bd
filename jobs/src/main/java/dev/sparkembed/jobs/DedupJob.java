package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.similarity.JoinResult;
import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Near-duplicate groups: the connected components of the pairs whose cosine is at least the
 * threshold. Every input row gets a group; the representative is the group's smallest id.
 */
public final class DedupJob {

  private DedupJob() {}

  /** Checks the input and output before Spark runs. */
  public static void preflight(DedupJobConfig config, Configuration conf) {
    JoinJob.preflight(config.asJoin(), conf);
  }

  public static Map<String, Object> run(SparkSession spark, DedupJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(config, conf);
    long start = System.nanoTime();
    JoinJobConfig join = config.asJoin();
    Dataset<Row> embeddings = EmbeddingFiles.read(spark, config.input(), conf);
    JoinSide side = JoinJob.side(embeddings, "input " + config.input(), config.idCol(), config.embeddingCol());
    JoinJob.requireComparable(side, side, config.search().allowModelMismatch());
    JoinSpec spec = new JoinSpec(null, config.threshold(), true, JoinSpec.DEFAULT_BLOCK_ROWS);
    // No row to score (none at all, or none with an id and a vector): no pairs, every id a group of one.
    Dataset<Row> pairs = (side.rows() == 0 ? JoinResult.none(spark) : config.search().joinMethod().join(spark, side, side, spec))
        .pairs();
    LocalCheckpoints checkpoints = new LocalCheckpoints();
    Dataset<Row> edges = checkpoints.add(pairs.select(col("left_id").as("src"), col("right_id").as("dst")).localCheckpoint());
    Components found = connectedComponents(edges);
    Dataset<Row> components = found.labels();

    // Rows without an id cannot be named in a group: counted in the summary (null_ids), not grouped.
    Dataset<Row> ids = embeddings.select(col(config.idCol()).cast("string").as("id")).filter(col("id").isNotNull()).distinct();
    Dataset<Row> groups = ids.join(components, "id", "left")
        .withColumn("group_id", coalesce(col("group_id"), col("id")))
        .withColumn("group_size", count(lit(1)).over(Window.partitionBy("group_id")))
        .withColumn("is_representative", col("id").equalTo(col("group_id")));
    groups.write().mode(SaveMode.Overwrite).parquet(config.output());
    found.close();
    checkpoints.releaseAll();
    side.release();
    double seconds = (System.nanoTime() - start) / 1e9;

    Dataset<Row> written = spark.read().parquet(config.output());
    Row stats = written.agg(count(lit(1)), sum(when(col("is_representative"), 1).otherwise(0)),
        sum(when(col("is_representative").and(col("group_size").gt(1)), 1).otherwise(0)),
        sum(when(col("group_size").gt(1), 1).otherwise(0)), max(col("group_size"))).first();
    Map<String, Long> sizes = new TreeMap<>();
    for (Row r : written.filter(col("is_representative")).groupBy("group_size").count().collectAsList()) {
      sizes.put(String.valueOf(r.getLong(0)), r.getLong(1));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rows", stats.getLong(0));
    summary.put("null_embeddings", side.nullEmbeddings());
    summary.put("null_ids", side.nullIds());
    summary.put("repeated_ids", side.repeatedIds());
    summary.put("model", JoinJob.models(side));
    summary.put("threshold", config.threshold());
    summary.put("method", config.search().method());
    summary.put("groups", stats.getLong(1));
    summary.put("duplicate_groups", stats.getLong(2));
    summary.put("rows_in_duplicate_groups", stats.getLong(3));
    summary.put("largest_group", stats.isNullAt(4) ? 0 : stats.getLong(4));
    summary.put("group_sizes", sizes);
    summary.put("propagation_rounds", found.rounds());
    summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
    summary.put("output", config.output());
    String json = Json.line(summary);
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, json + "\n", conf);
    return summary;
  }

  /** Rounds after which label propagation gives up; pointer jumping needs about log2 of a chain's length. */
  static final int MAX_ROUNDS = 64;

  /** Vertex labels and how many rounds they took; {@link #release()} frees their checkpoint. */
  record Components(Dataset<Row> labels, int rounds, LocalCheckpoints checkpoints) implements AutoCloseable {
    @Override
    public void close() {
      checkpoints.releaseAll();
    }
  }

  /**
   * Min-label propagation with pointer jumping: each round every vertex takes the smallest label
   * among itself and its neighbours (hook), then the label of its label (jump). A label is always
   * a vertex of the same component and never above the vertex, so the components settle on their
   * smallest ids, a chain of n duplicates in about log2(n) rounds instead of n. Each round's
   * checkpoint is freed once the next one exists.
   */
  static Components connectedComponents(Dataset<Row> edges) {
    LocalCheckpoints checkpoints = new LocalCheckpoints();
    Dataset<Row> both = checkpoints.add(
        edges.union(edges.select(col("dst").as("src"), col("src").as("dst"))).distinct().localCheckpoint());
    Dataset<Row> labels = checkpoints.add(both.select(col("src").as("id"), least(col("src"), col("dst")).as("group_id"))
        .groupBy("id").agg(min("group_id").as("group_id")).localCheckpoint());
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      Dataset<Row> hooked = both.join(labels, both.col("dst").equalTo(labels.col("id")))
          .select(both.col("src").as("id"), labels.col("group_id"))
          .union(labels)
          .groupBy("id").agg(min("group_id").as("group_id"));
      Dataset<Row> target = hooked.select(col("id").as("target"), col("group_id").as("target_group"));
      Dataset<Row> next = checkpoints.add(hooked.join(target, hooked.col("group_id").equalTo(target.col("target")), "left")
          .select(hooked.col("id"), least(hooked.col("group_id"), coalesce(target.col("target_group"), hooked.col("group_id")))
              .as("group_id"))
          .localCheckpoint());
      long changed = next.join(labels.withColumnRenamed("group_id", "old"), "id")
          .filter(col("group_id").notEqual(col("old"))).count();
      checkpoints.release(labels);
      labels = next;
      if (changed == 0) {
        return new Components(labels, round, checkpoints);
      }
    }
    checkpoints.releaseAll();
    throw new UserInputException("near-duplicate groups did not settle in " + MAX_ROUNDS
        + " rounds of label propagation; raise --threshold");
  }
}
