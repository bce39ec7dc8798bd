package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark-embed's SQL functions over a real Spark Connect server: the server is a Spark home with the
 * Connect module plus spark-embed-jobs-*-all.jar (what {@code start-connect-server.sh --jars}
 * gives); the client is a separate JVM with the Connect JVM client, which never sees spark-embed's
 * classes. Maven Central as served here has no {@code spark-connect_2.13} 4.1.0 or 4.1.1 (a Spark
 * 4.1.0 tarball ships its own), and 4.1.3's server module calls a method 4.1.0's Catalyst lacks, so
 * the server runs Spark 4.1.2 (with MLlib 4.1.0: 4.1.2's is not served here). The jar under test is
 * the one built against 4.1.0.
 */
class SparkConnectIT {

  /** The Spark of the server and the client: jobs/pom.xml copies the client of this version. */
  static final String CONNECT_SPARK = System.getProperty("spark.embed.connectSparkVersion", "4.1.2");

  @TempDir Path dir;

  @Test
  void theSqlFunctionsWorkOverSparkConnect() throws Exception {
    Path sparkHome = LocalCluster.buildSparkHome("--spark-version", CONNECT_SPARK, "--mllib-version", "4.1.0", "--connect");
    Path client = only(LocalCluster.PROJECT.resolve("jobs/target/connect"), "spark-connect-client-jvm_" + "2.13-" + CONNECT_SPARK);
    Path appJar = only(LocalCluster.PROJECT.resolve("jobs/target"), "-all.jar");
    List<String> sparkJars = new ArrayList<>();
    try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
      jars.map(Path::toString).sorted().forEach(sparkJars::add);
    }
    List<String> options = new ArrayList<>(Arrays.asList(
        Files.readString(LocalCluster.PROJECT.resolve("jobs/target/launcher/jvm-options.txt")).trim().split("\\s+")));

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> serverCommand = new ArrayList<>(List.of(java(), "-Xmx2g", "-Xss4m"));
    serverCommand.addAll(options);
    serverCommand.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dspark.connect.grpc.binding.address=127.0.0.1", "-Dspark.connect.grpc.binding.port=" + port,
        "-Dspark.embed.modelCacheDir=" + dir.resolve("models"), "-cp",
        String.join(":", sparkJars) + ":" + appJar, "org.apache.spark.sql.connect.service.SparkConnectServer"));
    Process serverProcess = new ProcessBuilder(serverCommand).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    try {
      awaitPort(port, serverProcess);
      List<String> clientCommand = new ArrayList<>(List.of(java(), "-Xmx1g"));
      clientCommand.addAll(options);
      clientCommand.addAll(List.of("-cp", client + ":" + String.join(":", sparkJars),
          Path.of(getClass().getResource("/connect/ConnectClientCheck.java").toURI()).toString(),
          "sc://127.0.0.1:" + port));
      String out = run(clientCommand, "client");
      assertTrue(out.contains("check: client org.apache.spark.sql.connect.SparkSession"), out);
      assertTrue(out.contains("check: embedded 4 ok ok dim 384"), out);
      assertTrue(out.contains("check: search 1@1 3@2") || out.contains("check: search 3@1 1@2"), out);
      assertTrue(out.contains("check: scores agree true"), out);
      assertTrue(out.contains("check: pairs 1-3 2-"), out);
      assertTrue(out.contains("check: error AnalysisException: semantic_search: k must be a positive integer, got 0"), out);
      String vectorLine = out.lines().filter(l -> l.startsWith("check: vector 1 ")).findFirst().orElseThrow();
      String[] values = vectorLine.substring("check: vector 1 ".length()).split(",");
      float[] got = new float[values.length];
      for (int i = 0; i < got.length; i++) {
        got[i] = Float.parseFloat(values[i]);
      }
      try (TextEmbedder embedder = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS)) {
        assertArrayEquals(embedder.embed(new String[] {"How do I reset my password?"})[0].embedding(), got, 1e-6f,
            "the vector that came over Connect equals the library's");
      }
    } finally {
      serverProcess.destroy();
      if (!serverProcess.waitFor(30, TimeUnit.SECONDS)) {
        serverProcess.destroyForcibly();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Path only(Path folder, String namePart) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().contains(namePart)
          && p.getFileName().toString().endsWith(".jar")).toList();
      assertEquals(1, found.size(), "one jar named *" + namePart + "* in " + folder + ": " + found);
      return found.get(0);
    }
  }

  private void awaitPort(int port, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the Connect server exited: " + Files.readString(dir.resolve("server.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the Connect server did not listen within 3 minutes: " + Files.readString(dir.resolve("server.log")));
  }

  private String run(List<String> command, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(command).directory(LocalCluster.PROJECT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    String out = Files.readString(log);
    assertEquals(0, process.exitValue(), out + (Files.exists(dir.resolve("server.log")) ? "\nserver:\n"
        + Files.readString(dir.resolve("server.log")) : ""));
    return out;
  }
}
