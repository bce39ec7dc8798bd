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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The jobs on a real YARN cluster reading and writing a real HDFS (Hadoop's minicluster: two
 * NodeManagers on this machine), submitted as users submit them: {@code conf/submit-yarn.sh} in
 * cluster mode, {@code scripts/spark-embed --master yarn} in client mode, through a Spark
 * distribution's own spark-submit with its YARN module. Every path is an {@code hdfs://} path.
 *
 * <p>Spark's YARN module is not served here for Spark 4.1 (see the root pom), so the jobs run on a
 * Spark 4.0.1 distribution with the spark-4.0 line's application jar, which this test builds when
 * it is missing or older than the sources.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {

  private static final Path WORK = LocalCluster.PROJECT.resolve("jobs/target/it-yarn");
  private static final String SPARK_VERSION = System.getProperty("spark.embed.yarnSparkVersion", "4.0.1");
  private static final String LINE = SPARK_VERSION.substring(0, SPARK_VERSION.lastIndexOf('.'));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern APP_ID = Pattern.compile("application_\\d+_\\d+");
  private static final int FAULT_ROWS = 1_000;

  private static MiniHadoopCluster hadoop;
  private static Path sparkHome;
  private static Path sparkConf;
  private static String modelArchive;

  @BeforeAll
  static void startClusters() throws Exception {
    LocalCluster.deleteTree(WORK);
    buildLineJar();
    sparkHome = LocalCluster.buildSparkHome("--spark-version", SPARK_VERSION, "--yarn");
    hadoop = MiniHadoopCluster.start(WORK.resolve("hadoop"), 2, 3072);
    // What a cluster's admin puts in spark-defaults.conf: Spark's jars are already on every node
    // (here: the same machine), so applications do not upload them; small containers.
    sparkConf = Files.createDirectories(WORK.resolve("spark-conf"));
    Files.writeString(sparkConf.resolve("spark-defaults.conf"), String.join("\n",
        "spark.yarn.jars local:" + sparkHome.resolve("jars") + "/*",
        "spark.yarn.am.memory 512m",
        "spark.executor.memory 1g",
        "spark.executor.cores 1",
        "spark.executor.instances 2",
        "spark.sql.shuffle.partitions 4",
        ""));
    Path models = Files.createDirectories(WORK.resolve("models"));
    Path archive = TestModelArchives.miniLmTarGz(models);
    modelArchive = hadoop.put(archive, "/models/minilm.tar.gz");
    hadoop.put(models.resolve("minilm.tar.gz.sha256"), "/models/minilm.tar.gz.sha256");
  }

  @AfterAll
  static void stopClusters() {
    if (hadoop != null) {
      hadoop.close();
    }
  }

  @Test
  @Order(1)
  void clusterModePipelineReadsAndWritesOnlyHdfs() throws Exception {
    // The sample with two lines that are not JSON: they must land in _rejected on HDFS.
    Path corpus = Files.createDirectories(WORK.resolve("input")).resolve("corpus.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(LocalCluster.PROJECT.resolve("data/sample/corpus.jsonl")));
    lines.add(17, "{\"id\": \"broken-1\", \"text\": ");
    lines.add("not json at all");
    Files.write(corpus, lines);
    String input = hadoop.put(corpus, "/corpora/sample/corpus.jsonl");
    String output = hadoop.fsUri() + "/out/pipeline";
    String report = hadoop.fsUri() + "/reports/sample.html";
    Path config = Files.writeString(WORK.resolve("pipeline.json"), """
        {
          "embed": {"input": "%s", "model": "%s"},
          "join": {"k": 3, "method": "exact"},
          "cluster": {"k": "4", "map": "pca", "report": "%s"}
        }
        """.formatted(input, modelArchive, report));

    Set<String> before = applicationIds();
    Path logs = WORK.resolve("logs/pipeline");
    Map<String, String> env = new HashMap<>(environment());
    env.putAll(Map.of("CONFIG", config.toString(), "OUTPUT", output, "QUEUE", "default", "EXECUTORS", "2",
        "EXECUTOR_CORES", "1", "EXECUTOR_MEMORY", "1g", "DRIVER_MEMORY", "1g"));
    LocalCluster.Run run = run(List.of(LocalCluster.PROJECT.resolve("conf/submit-yarn.sh").toString()), env, logs,
        Duration.ofMinutes(8));
    assertEquals(0, run.exitCode(), run.stderr());
    String appId = newApplication(before);
    ApplicationReport app = hadoop.application(appId);
    assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics());
    // The driver's and executors' logs as far as aggregated yet, for whoever reads this test's output.
    Files.writeString(logs.resolve("application.log"), aggregatedLog(appId));

    List<String> files = hadoop.files("/out/pipeline");
    for (String folder : List.of("embeddings/", "embeddings/_rejected/", "neighbours/", "clusters/assignments/")) {
      assertTrue(files.contains(folder + "_SUCCESS"), folder + " written on HDFS: " + files);
    }
    JsonNode summary = JSON.readTree(hadoop.read("/out/pipeline/_summary.json"));
    assertEquals(1052, summary.at("/embed/rows_read").asLong(), summary.toString());
    assertEquals(1050, summary.at("/embed/embedded").asLong(), summary.toString());
    assertEquals(2, summary.at("/embed/rejected").asLong(), summary.toString());
    assertEquals(1050 * 3, summary.at("/join/pairs").asLong(), summary.toString());
    assertEquals(1050, summary.at("/cluster/clustered").asLong(), summary.toString());
    String html = hadoop.read("/reports/sample.html");
    assertTrue(html.length() > 10_000 && html.contains("<svg"), "the report on HDFS: " + html.length() + " chars");

    // The outputs read back from HDFS: one embedding per input id, each rejected line kept as read.
    Set<String> inputIds = new HashSet<>(ids(TestSpark.session().read().json(
        LocalCluster.PROJECT.resolve("data/sample/corpus.jsonl").toString())));
    Dataset<Row> embeddings = TestSpark.session().read().parquet(output + "/embeddings");
    assertEquals(inputIds, new HashSet<>(ids(embeddings)));
    assertEquals(1050, embeddings.count());
    assertEquals(0, embeddings.filter(col("embedding").isNull()).count());
    Set<String> rejected = new HashSet<>(TestSpark.session().read().parquet(output + "/embeddings/_rejected/part-*")
        .select("raw").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(Set.of("{\"id\": \"broken-1\", \"text\": ", "not json at all"), rejected);
    assertEquals(1050, TestSpark.session().read().parquet(output + "/clusters/assignments").count());
  }

  @Test
  @Order(2)
  void clientModeEmbedSurvivesAKilledExecutorContainer() throws Exception {
    String input = hadoop.put(LocalCluster.writeSyntheticCorpus(WORK.resolve("input/fault.jsonl"), FAULT_ROWS), "/corpora/fault.jsonl");
    String output = hadoop.fsUri() + "/out/fault";
    Set<String> before = applicationIds();
    Path logs = WORK.resolve("logs/fault");
    Process driver = start(List.of(LocalCluster.PROJECT.resolve("scripts/spark-embed").toString(), "embed",
        "--master", "yarn", "--input", input, "--output", output, "--model", modelArchive, "--mode", "overwrite",
        "--progress-seconds", "1", "--conf", "spark.sql.files.maxPartitionBytes=64k"), environment(), logs);

    // Once the embedding tasks run, kill one executor's JVM: its container exits, YARN reports it
    // lost, and Spark asks YARN for another and runs the lost tasks again. (Not on the progress
    // line's first rows: on a fast machine the 1,000 rows were embedded before any executor's
    // heartbeat had reported a row.)
    ProcessHandle victim = null;
    String appId = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (victim == null && System.nanoTime() < deadline && driver.isAlive()) {
      Thread.sleep(200);
      String stderr = Files.readString(logs.resolve("stderr"));
      // The latest: a driver whose first start lost Spark's UI race (SparkSessions.start) submits again.
      appId = newApplicationIn(stderr, before).orElse(null);
      if (appId != null && embeddingTaskStarted(stderr)) {
        victim = executorProcesses(appId).stream().findFirst().orElse(null);
      }
    }
    assertTrue(victim != null, "no executor was embedding; driver stderr:\n" + tail(logs.resolve("stderr")));
    assertEquals(2, executorProcesses(appId).size(), "two executors before the kill");
    assertTrue(victim.destroyForcibly(), "SIGKILL sent");

    LocalCluster.Run run = LocalCluster.await(driver, logs, Duration.ofMinutes(8));
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stderr().contains("Lost executor") || run.stderr().contains("lost executor"),
        "the driver saw the executor go: " + run.stderr().lines().filter(l -> l.contains("xecutor")).toList());
    JsonNode summary = JSON.readTree(run.summaryLine());
    assertEquals(FAULT_ROWS, summary.get("embedded").asLong(), summary.toString());
    Dataset<Row> written = TestSpark.session().read().parquet(output);
    assertEquals(FAULT_ROWS, written.count(), "none lost, none doubled");
    assertEquals(FAULT_ROWS, written.select("id").distinct().count(), "one row per input id");
    assertTrue(hadoop.files("/out/fault").contains("_summary.json"));
  }

  @Test
  @Order(3)
  void aFailedClusterModeRunSaysWhereItsLogIs() throws Exception {
    Set<String> before = applicationIds();
    Path logs = WORK.resolve("logs/failed");
    Map<String, String> env = new HashMap<>(environment());
    env.put("SPARK_EMBED_SUBMIT_ARGS", "--deploy-mode cluster");
    // The input is named only in a config file on this machine: the launcher ships it to the
    // driver, so the error the driver reports is about the input, not a missing config file.
    Path config = Files.writeString(WORK.resolve("embed-missing-input.json"), """
        {"input": "%s/corpora/no-such-corpus.jsonl", "output": "%s/out/never"}
        """.formatted(hadoop.fsUri(), hadoop.fsUri()));
    LocalCluster.Run run = run(List.of(LocalCluster.PROJECT.resolve("scripts/spark-embed").toString(), "embed",
        "--master", "yarn", "--config", config.toString()), env, logs, Duration.ofMinutes(5));

    assertEquals(1, run.exitCode(), run.stderr());
    String appId = newApplication(before);
    String last = run.stderr().strip().lines().reduce((a, b) -> b).orElse("");
    // The one line says which application failed, the driver's own error, and how to read the log.
    assertTrue(last.startsWith("spark-embed: error: YARN application " + appId + " failed: spark-embed: error: "), last);
    assertTrue(last.contains("no-such-corpus.jsonl"), last);
    assertTrue(last.endsWith("; its log: yarn logs -applicationId " + appId), last);
    ApplicationReport app = hadoop.application(appId);
    assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus());

    // And the log is there: the NodeManagers aggregate the driver's container log onto HDFS, where
    // `yarn logs` reads it; it holds the same error.
    String error = last.substring(last.indexOf("failed: ") + "failed: ".length(), last.indexOf(" (exit code"));
    String aggregated = awaitAggregatedLog(appId, error);
    assertTrue(aggregated.contains(error), "the aggregated log of " + appId + " holds the error; it has "
        + aggregated.length() + " chars");
  }

  /** The application's aggregated log once it holds {@code expected}, or as it is after 60 s. */
  private static String awaitAggregatedLog(String appId, String expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String aggregated = aggregatedLog(appId);
    while (!aggregated.contains(expected) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      aggregated = aggregatedLog(appId);
    }
    return aggregated;
  }

  /** Everything the NodeManagers aggregated for an application (TFile, with the logs as plain text). */
  private static String aggregatedLog(String appId) throws IOException {
    StringBuilder text = new StringBuilder();
    if (!hadoop.fs().exists(new org.apache.hadoop.fs.Path(MiniHadoopCluster.REMOTE_LOG_DIR))) {
      return "";
    }
    for (String file : hadoop.files(MiniHadoopCluster.REMOTE_LOG_DIR)) {
      if (file.contains("/" + appId + "/")) {
        text.append(hadoop.read(MiniHadoopCluster.REMOTE_LOG_DIR + "/" + file));
      }
    }
    return text.toString();
  }

  /**
   * The environment of a user's shell on a gateway machine: a Spark distribution, the cluster's
   * Hadoop configuration, and spark-defaults.conf.
   */
  private static Map<String, String> environment() {
    return Map.of(
        "SPARK_HOME", sparkHome.toString(),
        "SPARK_CONF_DIR", sparkConf.toString(),
        "HADOOP_CONF_DIR", hadoop.confDir.toString(),
        "SPARK_EMBED_SKIP_BUILD", "1",
        "SPARK_EMBED_DRIVER_MEMORY", "1g",
        "JAVA_OPTS", "-Dspark.embed.modelCacheDir=" + WORK.resolve("driver-model-cache"));
  }

  /** Builds the application jar of the Spark line the YARN module is served for, when it is stale. */
  private static void buildLineJar() throws IOException, InterruptedException {
    Path dir = LocalCluster.PROJECT.resolve("jobs/target/spark-" + LINE);
    long built = 0;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        Optional<Path> jar = files.filter(p -> p.getFileName().toString().endsWith("-spark" + LINE + "-all.jar")).findFirst();
        built = jar.isPresent() ? Files.getLastModifiedTime(jar.get()).toMillis() : 0;
      }
    }
    long sources;
    try (Stream<Path> files = Stream.of("pom.xml", "udfs/src", "udfs/pom.xml", "jobs/src/main", "jobs/pom.xml")
        .map(LocalCluster.PROJECT::resolve).flatMap(YarnClusterIT::walk)) {
      sources = files.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
    }
    if (built >= sources) {
      return;
    }
    Path logs = WORK.resolve("logs/build-" + LINE);
    LocalCluster.Run build = run(List.of("mvn", "-q", "-B", "-ntp", "-Dmaven.test.skip=true", "-Pspark-" + LINE, "package"),
        Map.of(), logs, Duration.ofMinutes(10));
    assertEquals(0, build.exitCode(), "mvn -Pspark-" + LINE + " package:\n" + build.stdout() + build.stderr());
  }

  private static Process start(List<String> command, Map<String, String> env, Path logs) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(LocalCluster.PROJECT.toFile())
        .redirectOutput(Files.createDirectories(logs).resolve("stdout").toFile())
        .redirectError(logs.resolve("stderr").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static LocalCluster.Run run(List<String> command, Map<String, String> env, Path logs, Duration timeout)
      throws IOException, InterruptedException {
    return LocalCluster.await(start(command, env, logs), logs, timeout);
  }

  private static Set<String> applicationIds() throws IOException {
    return hadoop.applications().stream().map(a -> a.getApplicationId().toString()).collect(Collectors.toSet());
  }

  private static String newApplication(Set<String> before) throws IOException {
    Set<String> apps = new HashSet<>(applicationIds());
    apps.removeAll(before);
    assertEquals(1, apps.size(), "one new application: " + apps);
    return apps.iterator().next();
  }

  /** The last application id in {@code text} that is not in {@code before}. */
  private static Optional<String> newApplicationIn(String text, Set<String> before) {
    Matcher matcher = APP_ID.matcher(text);
    String last = null;
    while (matcher.find()) {
      if (!before.contains(matcher.group())) {
        last = matcher.group();
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * Whether the embed job's write, whose one stage reads the input and embeds it, has launched a
   * task (the driver logs Spark's INFO lines).
   */
  private static boolean embeddingTaskStarted(String driverLog) {
    int job = driverLog.indexOf("Starting job: parquet at EmbedJob");
    return job >= 0 && driverLog.indexOf("TaskSetManager: Starting task", job) >= 0;
  }

  /** The executor JVMs YARN started for an application, found by their command lines. */
  private static List<ProcessHandle> executorProcesses(String appId) {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line ->
        line.contains("YarnCoarseGrainedExecutorBackend") && line.contains(appId)).orElse(false))
        // The JVM, not the shell of the container's launch script whose command line names it too.
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.select(col("id").cast("string")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }


  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static Stream<Path> walk(Path path) {
    try {
      return Files.isDirectory(path) ? Files.walk(path).filter(Files::isRegularFile).toList().stream() : Stream.of(path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
