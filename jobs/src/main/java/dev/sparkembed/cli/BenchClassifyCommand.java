package dev.sparkembed.cli;

import dev.sparkembed.bench.ClassifyBenchmark;
import dev.sparkembed.jobs.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-classify}: training at scale in this JVM's heap, and applying against read + write. */
@Command(name = "bench-classify", mixinStandardHelpOptions = true,
    description = "Trains classify on synthetic labelled embeddings (ROWS x DIM, CLASSES) in this JVM's heap and reports "
        + "its time and peak heap; then applies the model and reads + writes the same rows, alternated, and prints the "
        + "ratio. scripts/bench-classify.sh runs it with a 4 GB heap.")
final class BenchClassifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "100000", description = "Rows (default: ${DEFAULT-VALUE}).") int rows;
  @Option(names = "--dim", defaultValue = "384", description = "Embedding dimension (default: ${DEFAULT-VALUE}).") int dim;
  @Option(names = "--classes", defaultValue = "20", description = "Classes (default: ${DEFAULT-VALUE}).") int classes;
  @Option(names = "--apply-rows", defaultValue = "1000000", description = "Rows the model is applied to (default: ${DEFAULT-VALUE}).") int applyRows;
  @Option(names = "--reuse-model", description = "Skip training when the work folder holds a trained model.") boolean reuseModel;
  @Option(names = "--rounds", defaultValue = "3", description = "Timed apply and read+write rounds after a warm-up (default: ${DEFAULT-VALUE}).") int rounds;
  @Option(names = "--work", defaultValue = "target/bench/classify-scale", description = "Scratch folder.") Path work;
  @Option(names = "--out", defaultValue = "target/bench/bench-classify-scale.json", description = "Results file (JSON).") Path out;
  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).") String master;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> result;
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-classify", master, Map.of("spark.ui.enabled", "false"))) {
      result = ClassifyBenchmark.run(session.spark(), rows, dim, classes, applyRows, rounds, reuseModel, work.toAbsolutePath(), spec.commandLine().getErr());
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, Json.line(result) + "\n");
    spec.commandLine().getOut().println(Json.line(result));
    return 0;
  }
}
