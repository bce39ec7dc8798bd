package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  private record Result(int exitCode, String stdout, String stderr) {}

  private Result run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(LocalCluster.PROJECT.resolve("scripts/spark-embed").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(LocalCluster.PROJECT.toFile())
        .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("SPARK_EMBED_SKIP_BUILD", "1");
    builder.environment().put("SPARK_EMBED_DRIVER_MEMORY", "1g");
    Process process = builder.start();
    if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
  }
}
