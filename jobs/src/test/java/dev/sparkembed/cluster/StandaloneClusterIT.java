package dev.sparkembed.cluster;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The jobs on a real standalone cluster: a Master and two Workers started by {@code
 * scripts/local-cluster.sh}, jobs submitted in client mode by {@code scripts/spark-embed}, each
 * executor its own JVM with only Spark and the shaded application jar on its classpath.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {

  private static final Path WORK = LocalCluster.PROJECT.resolve("jobs/target/it-cluster");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MODEL_LOAD = Pattern.compile("model \\S+ loaded in \\d+ ms \\(load #(\\d+) in this JVM\\)");
  private static final Pattern MODEL_FETCH =
      Pattern.compile("model \\S+minilm\\.tar\\.gz( copied to|: using the verified local copy|: another process)");
  private static final int FAULT_ROWS = 5_000;

  private static LocalCluster cluster;
  private static Map<String, float[]> firstRun;

  @BeforeAll
  static void startCluster() throws Exception {
    LocalCluster.deleteTree(WORK);
    cluster = LocalCluster.start(WORK.resolve("cluster"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void pipelineRunsOnTheClusterAndEachExecutorLoadsTheModelOnce() throws Exception {
    // The model is given by path, as an archive with a checksum beside it: each executor JVM must
    // copy (or reuse a verified copy) once, not per task.
    Path modelArchive = TestModelArchives.miniLmTarGz(Files.createDirectories(WORK.resolve("models")));
    // Eight input partitions: several embed tasks per executor, while the cluster step reads a few
    // partitions, not dozens (each k-means iteration is a job of one task per partition).
    Path config = Files.writeString(Files.createDirectories(WORK).resolve("pipeline.json"), """
        {
          "output": "%s",
          "master": "%s",
          "mode": "overwrite",
          "conf": {"spark.sql.files.openCostInBytes": "16k", "spark.sql.files.minPartitionNum": "8",
                   "spark.sql.shuffle.partitions": "4",
                   "spark.embed.modelCacheDir": "%s"},
          "embed": {"input": "%s", "model": "%s"},
          "join": {"k": 3, "method": "exact"},
          "cluster": {"k": "4"}
        }
        """.formatted(WORK.resolve("pipeline"), cluster.masterUrl(), WORK.resolve("executor-model-cache"),
            LocalCluster.PROJECT.resolve("data/sample/corpus.jsonl"), modelArchive));
    Set<String> before = cluster.applications();
    Path logs = WORK.resolve("logs/pipeline");
    // The master comes from the config file alone: the launcher must take the spark-submit path for it.
    LocalCluster.Run run = LocalCluster.await(cluster.submit(logs, Map.of(), false, "pipeline", "--config", config.toString()),
        logs, Duration.ofMinutes(8));
    assertEquals(0, run.exitCode(), run.stderr());
    String appId = newApplication(before);

    JsonNode summary = JSON.readTree(run.summaryLine());
    assertEquals(1050, summary.at("/embed/rows_read").asLong());
    assertEquals(1050, summary.at("/embed/embedded").asLong());
    assertEquals(1050 * 3, summary.at("/join/pairs").asLong());
    assertEquals(1050, summary.at("/cluster/clustered").asLong());

    // The outputs themselves, read back: one embedding per input id, 3 neighbours each, every row clustered.
    Path out = WORK.resolve("pipeline");
    Set<String> inputIds = new HashSet<>(ids(TestSpark.session().read().json(
        LocalCluster.PROJECT.resolve("data/sample/corpus.jsonl").toString())));
    Dataset<Row> embeddings = TestSpark.session().read().parquet(out.resolve("embeddings").toString());
    assertEquals(inputIds, new HashSet<>(ids(embeddings)));
    assertEquals(1050, embeddings.count());
    assertEquals(0, embeddings.filter(col("embedding").isNull()).count());
    Dataset<Row> neighbours = TestSpark.session().read().parquet(out.resolve("neighbours").toString());
    assertEquals(1050 * 3, neighbours.count());
    assertEquals(0, neighbours.filter(col("left_id").equalTo(col("right_id"))).count(), "self pairs excluded");
    assertEquals(1050, TestSpark.session().read().parquet(out.resolve("clusters/assignments").toString()).count());
    assertTrue(Files.size(out.resolve("report.html")) > 10_000);
    assertTrue(Files.isRegularFile(out.resolve("_summary.json")));

    // Every executor that embedded loaded the model exactly once, across several tasks.
    int loaded = 0;
    int tasks = 0;
    for (Path log : cluster.executorLogs(appId)) {
      String text = Files.readString(log);
      List<String> loads = matches(MODEL_LOAD, text);
      List<String> fetches = matches(MODEL_FETCH, text);
      assertEquals(loads.size(), fetches.size(), log + ": one copy (or verified reuse) per model load: " + fetches);
      assertTrue(loads.size() <= 1, log + " loaded the model " + loads.size() + " times: " + loads);
      if (!loads.isEmpty()) {
        assertEquals("1", loads.get(0), log + ": the first model load of that JVM");
        loaded++;
      }
      tasks += matches(Pattern.compile("Executor: Running task (\\S+)"), text).size();
      assertEquals(List.of(), matches(Pattern.compile("(Exception in task \\S+)"), text), log + ": no task failed");
    }
    assertEquals(2, loaded, "both executors embedded: " + cluster.executorLogs(appId));
    try (var copies = Files.list(WORK.resolve("executor-model-cache"))) {
      assertEquals(1, copies.count(), "executors on one host share one verified copy");
    }
    assertTrue(tasks > 2 * 4, "many tasks per executor, so one load per JVM means something: " + tasks);
  }

  @Test
  @Order(2)
  void killingAnExecutorMidEmbedLosesAndDoublesNothing() throws Exception {
    Path input = LocalCluster.writeSyntheticCorpus(WORK.resolve("fault/corpus.jsonl"), FAULT_ROWS);
    Path output = WORK.resolve("fault/embeddings");
    Set<String> before = cluster.applications();
    Path logs = WORK.resolve("logs/fault");
    Process driver = cluster.submit(logs, "embed", "--input", input.toString(), "--output", output.toString(),
        "--mode", "overwrite", "--conf", "spark.sql.files.maxPartitionBytes=256k");

    // Wait until an executor has loaded the model (the embed stage is running), then kill its JVM.
    String appId = null;
    Path victimLog = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (victimLog == null && System.nanoTime() < deadline && driver.isAlive()) {
      Thread.sleep(200);
      Set<String> apps = new HashSet<>(cluster.applications());
      apps.removeAll(before);
      if (apps.size() == 1) {
        appId = apps.iterator().next();
        for (Path log : cluster.executorLogs(appId)) {
          if (MODEL_LOAD.matcher(Files.readString(log)).find()) {
            victimLog = log;
          }
        }
      }
    }
    assertTrue(victimLog != null, "no executor started embedding; driver stderr:\n" + Files.readString(logs.resolve("stderr")));
    Thread.sleep(1500); // into the task, with rows embedded but not committed
    Path embedding = victimLog;
    ProcessHandle victim = LocalCluster.executorProcess(appId, embedding.getParent().getFileName().toString())
        .orElseThrow(() -> new AssertionError("no JVM for executor " + embedding));
    assertTrue(victim.destroyForcibly(), "SIGKILL sent");

    LocalCluster.Run run = LocalCluster.await(driver, logs, Duration.ofMinutes(8));
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(cluster.executorLogs(appId).size() >= 3,
        "the Master replaced the killed executor: " + cluster.executorLogs(appId));
    JsonNode summary = JSON.readTree(run.summaryLine());
    assertEquals(FAULT_ROWS, summary.get("embedded").asLong());

    firstRun = embeddingsById(output);
    assertEquals(FAULT_ROWS, firstRun.size(), "one row per input id, none lost");
    assertEquals(FAULT_ROWS, TestSpark.session().read().parquet(output.toString()).count(), "none doubled");
  }

  @Test
  @Order(3)
  void rerunWithOverwriteGivesTheSameRows() throws Exception {
    assertTrue(firstRun != null, "runs after the fault test");
    Path output = WORK.resolve("fault/embeddings");
    Path logs = WORK.resolve("logs/rerun");
    // This run goes the way users with a Spark distribution go: SPARK_HOME set, its bin/spark-submit.
    LocalCluster.Run run = LocalCluster.await(cluster.submit(logs,
        Map.of("SPARK_HOME", LocalCluster.sparkHome().toString()), "embed",
        "--input", WORK.resolve("fault/corpus.jsonl").toString(), "--output", output.toString(),
        "--mode", "overwrite", "--conf", "spark.sql.files.maxPartitionBytes=256k"), logs, Duration.ofMinutes(8));
    assertEquals(0, run.exitCode(), run.stderr());

    Map<String, float[]> again = embeddingsById(output);
    assertEquals(firstRun.keySet(), again.keySet());
    double maxDiff = 0;
    for (Map.Entry<String, float[]> entry : firstRun.entrySet()) {
      float[] other = again.get(entry.getKey());
      for (int i = 0; i < other.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(entry.getValue()[i] - other[i]));
      }
    }
    assertTrue(maxDiff <= 1e-6, "same embeddings whatever the batches: max abs diff " + maxDiff);
  }

  private String newApplication(Set<String> before) throws IOException {
    Set<String> apps = new HashSet<>(cluster.applications());
    apps.removeAll(before);
    assertEquals(1, apps.size(), "one new application: " + apps);
    return apps.iterator().next();
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.select(col("id").cast("string")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  private static Map<String, float[]> embeddingsById(Path output) {
    Map<String, float[]> byId = new HashMap<>();
    for (Row row : TestSpark.session().read().parquet(output.toString()).select("id", "embedding").collectAsList()) {
      List<Float> values = row.getList(1);
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = values.get(i);
      }
      if (byId.put(row.getString(0), vector) != null) {
        throw new AssertionError("id " + row.getString(0) + " written twice");
      }
    }
    return byId;
  }


  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

}
