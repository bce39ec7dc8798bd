package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embed job on a real standalone cluster of the default Spark line: a Master and two Workers
 * started by {@code scripts/local-cluster.sh}, the job submitted in client mode by {@code
 * scripts/spark-embed}, each executor its own JVM with only Spark and the shaded application jar
 * on its classpath. (The pipeline on a cluster, all paths on HDFS, is {@link YarnClusterIT}'s.)
 */
class StandaloneClusterIT {

  private static final Path WORK = LocalCluster.PROJECT.resolve("jobs/target/it-cluster");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MODEL_LOAD = Pattern.compile("model \\S+ loaded in \\d+ ms \\(load #(\\d+) in this JVM\\)");
  private static final Pattern MODEL_FETCH =
      Pattern.compile("model \\S+minilm\\.tar\\.gz( copied to|: using the verified local copy|: another process)");
  private static final int ROWS = 2_500;

  private static LocalCluster cluster;

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
  void eachExecutorLoadsTheModelOnceAndAKilledOneLosesAndDoublesNothing() throws Exception {
    // The model is given by path, as an archive with a checksum beside it: each executor JVM must
    // copy (or reuse a verified copy) once, not per task.
    Path modelArchive = TestModelArchives.miniLmTarGz(Files.createDirectories(WORK.resolve("models")));
    Path input = LocalCluster.writeSyntheticCorpus(WORK.resolve("input/corpus.jsonl"), ROWS);
    Path output = WORK.resolve("embeddings");
    // The master comes from the config file alone: the launcher must take the spark-submit path for
    // it. Small input partitions: many tasks per executor, so one load per JVM means something.
    Path config = Files.writeString(WORK.resolve("embed.json"), """
        {
          "input": "%s",
          "output": "%s",
          "model": "%s",
          "master": "%s",
          "mode": "overwrite",
          "conf": {"spark.sql.files.maxPartitionBytes": "32k", "spark.embed.modelCacheDir": "%s"}
        }
        """.formatted(input, output, modelArchive, cluster.masterUrl(), WORK.resolve("executor-model-cache")));
    Set<String> before = cluster.applications();
    Path logs = WORK.resolve("logs/embed");
    Process driver = cluster.submit(logs, Map.of(), false, "embed", "--config", config.toString());

    // Once an executor has loaded the model (the embed stage is running), kill its JVM.
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
    JsonNode summary = JSON.readTree(run.summaryLine());
    assertEquals(ROWS, summary.get("embedded").asLong());
    Dataset<Row> written = TestSpark.session().read().parquet(output.toString());
    assertEquals(ROWS, written.count(), "none doubled");
    assertEquals(ROWS, new HashSet<>(written.select("id").as(Encoders.STRING()).collectAsList()).size(), "one row per input id, none lost");

    // The Master replaced the killed executor; every executor JVM loaded the model at most once,
    // copying it (or reusing the verified copy) once, across several tasks; none failed a task.
    List<Path> executorLogs = cluster.executorLogs(appId);
    assertTrue(executorLogs.size() >= 3, "the killed executor was replaced: " + executorLogs);
    int loaded = 0;
    int tasks = 0;
    for (Path log : executorLogs) {
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
    assertTrue(loaded >= 2, "both first executors embedded: " + executorLogs);
    try (var copies = Files.list(WORK.resolve("executor-model-cache"))) {
      assertEquals(1, copies.count(), "executors on one host share one verified copy");
    }
    assertTrue(tasks > 2 * 4, "many tasks per executor, so one load per JVM means something: " + tasks);
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
