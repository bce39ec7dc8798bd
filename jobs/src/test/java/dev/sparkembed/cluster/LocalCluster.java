package dev.sparkembed.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The standalone cluster of {@code scripts/local-cluster.sh} (a Master and two 1-core Workers, each
 * a JVM on 127.0.0.1), and the commands integration tests run against it.
 */
final class LocalCluster implements AutoCloseable {

  static final Path PROJECT = Path.of(System.getProperty("spark.embed.projectRoot", "..")).toAbsolutePath().normalize();

  final Path dir;
  final int port;
  private final Map<String, String> env;

  private LocalCluster(Path dir, int port, Map<String, String> env) {
    this.dir = dir;
    this.port = port;
    this.env = env;
  }

  static LocalCluster start(Path dir) throws IOException, InterruptedException {
    int port = freePort();
    int webui = freePort();
    Map<String, String> env = Map.of(
        "SPARK_EMBED_CLUSTER_DIR", dir.toString(),
        "SPARK_MASTER_PORT", String.valueOf(port),
        "SPARK_MASTER_WEBUI_PORT", String.valueOf(webui));
    LocalCluster cluster = new LocalCluster(dir, port, env);
    Run started = cluster.script(List.of(PROJECT.resolve("scripts/local-cluster.sh").toString(), "start"),
        dir.resolve("start"), Duration.ofMinutes(3));
    if (started.exitCode() != 0) {
      throw new IllegalStateException("local-cluster.sh start failed:\n" + started.stderr());
    }
    return cluster;
  }

  /** The SPARK_HOME that scripts/spark-home.sh made for the cluster: Spark's jars and launcher. */
  static Path sparkHome() {
    return PROJECT.resolve("target/spark-home");
  }

  /**
   * Runs scripts/spark-home.sh with these options and returns the folder it prints. Only its
   * standard output is read: when it (re)builds the folder, Maven writes to standard error.
   */
  static Path buildSparkHome(String... options) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(PROJECT.resolve("scripts/spark-home.sh").toString()));
    command.addAll(java.util.List.of(options));
    Process process = new ProcessBuilder(command).directory(PROJECT.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("spark-home.sh " + String.join(" ", options) + " failed: " + out);
    }
    return Path.of(out.strip());
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** Starts {@code scripts/spark-embed} against this cluster (client mode); the caller waits. */
  Process submit(Path logs, String... args) throws IOException {
    return submit(logs, Map.of(), args);
  }

  /** As {@link #submit(Path, String...)}, with extra environment (e.g. {@code SPARK_HOME}). */
  Process submit(Path logs, Map<String, String> extraEnv, String... args) throws IOException {
    return submit(logs, extraEnv, true, args);
  }

  /**
   * As {@link #submit(Path, Map, String...)}; without {@code masterFlag} the command line names no
   * master, and the job's config file must.
   */
  Process submit(Path logs, Map<String, String> extraEnv, boolean masterFlag, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("scripts/spark-embed").toString()));
    command.addAll(List.of(args));
    if (masterFlag) {
      command.addAll(List.of("--master", masterUrl()));
    }
    command.addAll(List.of("--conf", "spark.executor.memory=1g"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(PROJECT.toFile())
        .redirectOutput(Files.createDirectories(logs).resolve("stdout").toFile())
        .redirectError(logs.resolve("stderr").toFile());
    builder.environment().putAll(env);
    // The build under test made the jars; the script must not rebuild them under a running Maven.
    builder.environment().put("SPARK_EMBED_SKIP_BUILD", "1");
    builder.environment().put("SPARK_EMBED_DRIVER_MEMORY", "1g");
    builder.environment().putAll(extraEnv);
    // The driver copies model paths too, to check them before Spark starts. Its own cache folder
    // (the system property wins over --conf on the driver) leaves the executors to copy for themselves.
    builder.environment().put("JAVA_OPTS", "-Dspark.embed.modelCacheDir=" + dir.resolveSibling("driver-model-cache"));
    return builder.start();
  }

  static Run await(Process process, Path logs, Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out after " + timeout + "; stderr:\n" + tail(logs.resolve("stderr")));
    }
    return new Run(process.exitValue(), Files.readString(logs.resolve("stdout")), Files.readString(logs.resolve("stderr")));
  }

  private Run script(List<String> command, Path logs, Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(PROJECT.toFile())
        .redirectOutput(Files.createDirectories(logs).resolve("stdout").toFile())
        .redirectError(logs.resolve("stderr").toFile());
    builder.environment().putAll(env);
    return await(builder.start(), logs, timeout);
  }

  /** Application folders the Workers have made so far (one per application per Worker). */
  Set<String> applications() throws IOException {
    try (Stream<Path> workers = Files.list(dir.resolve("work"))) {
      return workers.flatMap(LocalCluster::list).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  /** Each executor's stderr (log) for an application, across Workers. */
  List<Path> executorLogs(String appId) throws IOException {
    try (Stream<Path> workers = Files.list(dir.resolve("work"))) {
      return workers.map(w -> w.resolve(appId)).filter(Files::isDirectory).flatMap(LocalCluster::list)
          .map(executor -> executor.resolve("stderr")).filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The JVM of an executor of an application, found by its command line. */
  static Optional<ProcessHandle> executorProcess(String appId, String executorId) {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(line ->
        line.contains("CoarseGrainedExecutorBackend") && line.contains("--app-id " + appId)
            && line.contains("--executor-id " + executorId + " ")).orElse(false)).findFirst();
  }

  /** Sentences of varied length from a fixed vocabulary; deterministic, so reruns compare. */
  static Path writeSyntheticCorpus(Path file, int rows) throws IOException {
    String[] words = ("the a data lake holds millions of documents and every night a job turns new ones into "
        + "vectors so that search finds near duplicates clusters and answers for questions users ask about "
        + "spark executors models batches tokens memory disks networks failures retries").split(" ");
    Random random = new Random(7);
    List<String> lines = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      StringBuilder text = new StringBuilder();
      int length = 4 + random.nextInt(28);
      for (int w = 0; w < length; w++) {
        text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      lines.add("{\"id\":\"doc-" + i + "\",\"text\":\"" + text + "\"}");
    }
    Files.createDirectories(file.getParent());
    return Files.write(file, lines);
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    script(List.of(PROJECT.resolve("scripts/local-cluster.sh").toString(), "stop"), dir.resolve("stop"),
        Duration.ofMinutes(1));
  }

  record Run(int exitCode, String stdout, String stderr) {
    /** The summary line the CLI prints last on stdout. */
    String summaryLine() {
      String[] lines = stdout.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
