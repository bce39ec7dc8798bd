package dev.sparkembed.cli;

import dev.sparkembed.bench.EmbedBenchmark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-embed}: engine ceiling vs. embed job vs. naive, side by side. */
@Command(
    name = "bench-embed",
    mixinStandardHelpOptions = true,
    description = "Measures (a) the engine alone, (b) the embed job end to end and (c) a naive row-at-a-time "
        + "UDF on the same texts in one run, and prints texts/s, tokens/s, padding efficiency and ratios. "
        + "scripts/bench-embed.sh prepares the default corpora.")
final class BenchEmbedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "NAME=FILE", required = true,
      description = "JSON Lines file with a text column; repeatable, measured in order.")
  LinkedHashMap<String, Path> corpora;

  @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "fp32 model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--int8-model", defaultValue = "all-minilm-l6-v2-q", description = "int8 model (default: ${DEFAULT-VALUE}).")
  String int8Model;

  @Option(names = "--work", defaultValue = "target/bench/work", description = "Scratch folder for outputs.")
  Path work;

  @Option(names = "--out", defaultValue = "target/bench/bench-embed.json", description = "Results file (JSON).")
  Path out;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--measure", defaultValue = "all",
      description = "all: (a), (b), (c) as above; engine-vs-job: only (a') ONNX Runtime called directly, (a) through "
          + "DJL, and the fp32 job (default: ${DEFAULT-VALUE}).")
  String measure;

  @Override
  public Integer call() throws Exception {
    if (!measure.equals("all") && !measure.equals("engine-vs-job")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--measure must be all or engine-vs-job, got " + measure);
    }
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-embed", master, Map.of("spark.ui.enabled", "false"))) {
      if (measure.equals("all")) {
        EmbedBenchmark.run(session.spark(), corpora, model, int8Model, work, out, spec.commandLine().getErr());
      } else {
        EmbedBenchmark.engineVsJob(session.spark(), corpora, model, work, out, spec.commandLine().getErr());
      }
    }
    spec.commandLine().getErr().println("results: " + out.toAbsolutePath());
    return 0;
  }
}
