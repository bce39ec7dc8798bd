package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/spark-embed's choice of launch path, from the flags and the config file. */
class LauncherIT {

  @TempDir Path dir;

  @Test
  void aMasterInTheConfigFileChoosesTheLaunchPathAsTheFlagDoes() throws Exception {
    Path corpus = Files.write(dir.resolve("c.jsonl"), List.of("{\"id\":\"a\",\"text\":\"one\"}", "{\"id\":\"b\",\"text\":\"two\"}"));
    Path config = Files.writeString(dir.resolve("yarn.json"), """
        {"input": "%s", "output": "%s", "master": "yarn"}""".formatted(corpus, dir.resolve("out")));
    // yarn needs a Spark distribution: the launcher says so, as it does for --master yarn, instead of
    // running the job in a local JVM with master yarn.
    Result fromConfig = run("embed", "--config", config.toString());
    assertEquals(2, fromConfig.exitCode, fromConfig.stderr);
    assertEquals("spark-embed: error: \"master\": \"yarn\" in " + config + " needs SPARK_HOME set to a Spark 4.1.0 distribution",
        fromConfig.stderr.strip());
    Result fromFlag = run("embed", "--input", corpus.toString(), "--output", dir.resolve("out").toString(), "--master", "yarn");
    assertEquals(2, fromFlag.exitCode);
    assertEquals("spark-embed: error: --master yarn needs SPARK_HOME set to a Spark 4.1.0 distribution", fromFlag.stderr.strip());

    // The flag wins over the file: a local master runs here.
    Result local = run("embed", "--config", config.toString(), "--master", "local[1]", "--progress-seconds", "0");
    assertEquals(0, local.exitCode, local.stderr);
    assertTrue(local.stdout.contains("\"embedded\":2"), local.stdout);
  }

  @Test
  void aSparkHomeOfALineWithoutAProfileIsRefusedInOneLine() throws Exception {
    assertSparkHomeRefused("spark-core_2.12-3.3.4.jar", "spark-embed: error: SPARK_HOME is Spark 3.3.4; this project "
        + "builds for Spark 4.1 and the lines of pom.xml's spark-* profiles");
  }

  /** A Spark of the jar's line but another Scala (3.5 comes in both) would fail with class errors. */
  @Test
  void aSparkHomeOfAnotherScalaIsRefusedInOneLine() throws Exception {
    assertSparkHomeRefused("spark-core_2.12-4.1.0.jar", "spark-embed: error: SPARK_HOME is Spark 4.1.0 for Scala 2.12; "
        + "spark-embed-jobs-0.1.0-SNAPSHOT-all.jar is built for Scala 2.13 (add -Dscala.binary.version=2.12 to its mvn package)");
  }

  /** A SPARK_HOME whose jars/ holds only this Spark core jar: the launcher must stop before spark-submit. */
  private void assertSparkHomeRefused(String sparkCoreJar, String error) throws Exception {
    Path home = Files.createDirectories(dir.resolve("spark-home/jars"));
    Files.createFile(home.resolve(sparkCoreJar));
    Result result = run(Map.of("SPARK_HOME", home.getParent().toString()), "embed", "--input", "x", "--output", "y");
    assertEquals(2, result.exitCode, result.stderr);
    assertEquals(error, result.stderr.strip());
  }

  /**
   * A local run records the class archive when there is none for this build, and later runs map
   * their classes from it; stdout stays the summary line alone.
   */
  @Test
  void aLocalRunRecordsTheClassArchiveOnceAndLaterRunsLoadFromIt() throws Exception {
    Path launcher = LocalCluster.PROJECT.resolve("jobs/target/launcher");
    Path archive = launcher.resolve("classes.jsa");
    Path jar;
    try (var jars = Files.list(LocalCluster.PROJECT.resolve("jobs/target"))) {
      jar = jars.filter(p -> p.getFileName().toString().matches("spark-embed-jobs-.*\\.jar") && !p.toString().endsWith("-all.jar"))
          .findFirst().orElseThrow();
    }
    if (Files.exists(archive)) {
      // An archive older than the jar is one of an earlier build: it must be recorded again.
      Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    }
    Path corpus = Files.write(dir.resolve("c.jsonl"), List.of("{\"id\":\"a\",\"text\":\"one\"}"));
    Result recording = runWithArchive("embed", "--input", corpus.toString(), "--output", dir.resolve("out1").toString(),
        "--progress-seconds", "0");
    assertEquals(0, recording.exitCode, recording.stderr);
    assertTrue(recording.stderr.contains("spark-embed: recording a class archive"), recording.stderr);
    assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0, "archive newer than the jar");

    Path classLog = dir.resolve("classes.log");
    Result using = runWithArchive(Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
        "embed", "--input", corpus.toString(), "--output", dir.resolve("out2").toString(), "--progress-seconds", "0");
    assertEquals(0, using.exitCode, using.stderr);
    assertFalse(using.stderr.contains("recording a class archive"), using.stderr);
    assertEquals(1, using.stdout.lines().count(), using.stdout);
    assertTrue(using.stdout.startsWith("{\"rows_read\":1,"), using.stdout);
    List<String> sparkClasses = Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(" org.apache.spark.sql.SparkSession ")).toList();
    assertEquals(1, sparkClasses.size(), "SparkSession loaded once");
    assertTrue(sparkClasses.get(0).contains("source: shared objects file (top)"), sparkClasses.get(0));
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result runWithArchive(String... args) throws Exception {
    return runWithArchive(Map.of(), args);
  }

  private Result runWithArchive(Map<String, String> env, String... args) throws Exception {
    return run(true, env, args);
  }

  private Result run(String... args) throws Exception {
    return run(false, Map.of(), args);
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    return run(false, env, args);
  }

  private Result run(boolean classArchive, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(LocalCluster.PROJECT.resolve("scripts/spark-embed").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(LocalCluster.PROJECT.toFile())
        .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("SPARK_EMBED_SKIP_BUILD", "1");
    builder.environment().put("SPARK_EMBED_DRIVER_MEMORY", "1g");
    builder.environment().put("SPARK_EMBED_CLASS_ARCHIVE", classArchive ? "1" : "0");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
  }
}
