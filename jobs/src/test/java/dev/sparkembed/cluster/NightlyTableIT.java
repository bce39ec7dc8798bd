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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs as separate processes: a driver killed after some commits, then run again; and
 * the application jar without the lake libraries, as a spark-submit user has it.
 */
class NightlyTableIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aKilledRunKeepsItsCommitsAndTheRerunEmbedsOnlyTheRest() throws Exception {
    // Four chunks of 40: each chunk is a MERGE commit, the test's main cost.
    int rows = 160;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      lines.add(JSON.createObjectNode().put("id", "row-" + i).put("text", "Sentence " + i + " of the killed night.").toString());
    }
    Path input = Files.write(dir.resolve("night.jsonl"), lines);
    Path table = dir.resolve("table");
    List<String> command = List.of(LocalCluster.PROJECT.resolve("scripts/spark-embed").toString(), "embed",
        "--input", input.toString(), "--output", table.toString(), "--output-format", "delta", "--mode", "merge",
        "--commit-rows", "40", "--progress-seconds", "0", "--master", "local[2]");

    Process first = launcher(command, "first").start();
    Path secondCommit = table.resolve("_delta_log/00000000000000000001.json");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!Files.exists(secondCommit) && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(first.isAlive(), "the run ended before it could be killed: " + Files.readString(dir.resolve("first.err")));
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    first.waitFor(30, TimeUnit.SECONDS);
    long committedVersions;
    try (Stream<Path> log = Files.list(table.resolve("_delta_log"))) {
      committedVersions = log.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
    assertTrue(committedVersions >= 2 && committedVersions < 4, committedVersions + " commits before the kill");

    Process second = launcher(command, "second").start();
    assertTrue(second.waitFor(5, TimeUnit.MINUTES), "the rerun timed out");
    assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.err")));
    JsonNode summary = JSON.readTree(Files.readString(dir.resolve("second.out")).strip());
    long kept = summary.get("unchanged").asLong();
    assertTrue(kept >= 40 && kept < rows, "rows committed before the kill: " + kept);
    assertEquals(rows - kept, summary.get("new").asLong());
    assertEquals(rows - kept, summary.get("embedded").asLong(), "only what the killed run had not committed");

    // Exactly one row per id, each with its vector: no chunk half-written.
    Dataset<Row> written = TestSpark.session().read().format("delta").load(table.toString());
    assertEquals(rows, written.count());
    assertEquals(rows, written.select("id").distinct().count(), "no id twice");
    assertEquals(0, written.filter(col("embedding").isNull().or(functions.size(col("embedding")).notEqual(384))).count(),
        "every row with its whole vector");
  }

  @Test
  void withoutTheLakeLibrariesATableOutputIsAOneLineErrorNamingThePackage() throws Exception {
    String classpath;
    try (Stream<Path> files = Files.list(LocalCluster.PROJECT.resolve("jobs/target"))) {
      classpath = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow().toString();
    }
    String spark = Arrays.stream(Files.readString(LocalCluster.PROJECT.resolve("jobs/target/launcher/classpath.txt")).strip()
            .split(":"))
        .filter(jar -> !jar.contains("/io/delta/") && !jar.contains("/org/apache/iceberg/"))
        .collect(Collectors.joining(":"));
    Path input = Files.write(dir.resolve("in.jsonl"), List.of("{\"id\":\"a\",\"text\":\"one\"}"));
    for (String[] format : new String[][] {
        {"delta", "delta tables need io.delta:delta-spark_2.13:4.1.0 on the classpath"},
        {"iceberg", "iceberg tables need org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.11.0 on the classpath"}}) {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classpath + ":" + spark, "dev.sparkembed.cli.SparkEmbedCli", "embed", "--input", input.toString(),
          "--output", format[0].equals("delta") ? dir.resolve("t").toString() : "lake.db.t", "--output-format", format[0],
          "--mode", "merge", "--summary-dir", dir.resolve("state").toString()));
      Process process = launcher(command, format[0]).start();
      assertTrue(process.waitFor(2, TimeUnit.MINUTES));
      String err = Files.readString(dir.resolve(format[0] + ".err")).strip();
      assertEquals(2, process.exitValue(), err);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("spark-embed: error: " + format[1]), err);
    }
  }

  private ProcessBuilder launcher(List<String> command, String name) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(LocalCluster.PROJECT.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("SPARK_EMBED_SKIP_BUILD", "1");
    builder.environment().put("SPARK_EMBED_DRIVER_MEMORY", "1g");
    builder.environment().put("SPARK_EMBED_CLASS_ARCHIVE", "0"); // LauncherIT's subject; recording would take ~25 s here
    return builder;
  }
}
