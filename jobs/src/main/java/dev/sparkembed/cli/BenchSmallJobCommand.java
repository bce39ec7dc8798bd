package dev.sparkembed.cli;

import dev.sparkembed.bench.SmallJobBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-small-job}: the embed job run warm, for the cold-start comparison. */
@Command(
    name = "bench-small-job",
    mixinStandardHelpOptions = true,
    description = "Runs the embed job on one input --rounds times in this JVM after an unmeasured run, and prints "
        + "each run's seconds and 'warm median: S'. scripts/bench-small-job.sh compares it with cold "
        + "scripts/spark-embed embed processes on the same input.")
final class BenchSmallJobCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--input", required = true, description = "JSON Lines corpus with id and text.")
  Path input;

  @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured runs (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--work", defaultValue = "target/bench/work-small-job", description = "Scratch folder for outputs.")
  Path work;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() {
    PrintWriter log = spec.commandLine().getErr();
    // The session the embed command gets: no settings of its own.
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-small-job", master, Map.of())) {
      List<Double> seconds = SmallJobBenchmark.warmSeconds(session.spark(), input, model, rounds, work, log);
      double median = seconds.stream().sorted().toList().get(seconds.size() / 2);
      spec.commandLine().getOut().printf("warm median: %.2f%n", median);
    }
    return 0;
  }
}
