package dev.sparkembed.cli;

import dev.sparkembed.bench.JoinBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-join}: exact vs ivf vs lsh on real embeddings, side by side. */
@Command(name = "bench-join", mixinStandardHelpOptions = true,
    description = "Self-joins the first N rows (by id) of an embed output with each method and prints seconds, "
        + "recall@k against exact and peak heap. scripts/bench-join.sh prepares the embeddings.")
final class BenchJoinCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--embeddings", required = true, description = "Embed output (Parquet) with id and embedding.") Path embeddings;
  @Option(names = "--sizes", split = ",", defaultValue = "20000,100000", description = "Row counts (default: ${DEFAULT-VALUE}).") List<Integer> sizes;
  @Option(names = "--methods", split = ",", defaultValue = "exact,ivf,lsh", description = "Methods (default: ${DEFAULT-VALUE}).") List<String> methods;
  @Option(names = "--k", defaultValue = "10", description = "Top-k (default: ${DEFAULT-VALUE}).") int k;
  @Option(names = "--recall-sample", defaultValue = "1000", description = "Left rows sampled for recall (default: ${DEFAULT-VALUE}).") int recallSample;
  @Option(names = "--lsh-max-rows", defaultValue = "20000", description = "Skip LSH above this many rows (default: ${DEFAULT-VALUE}).") int lshMaxRows;
  @Option(names = "--work", defaultValue = "target/bench/join", description = "Scratch folder.") Path work;
  @Option(names = "--out", defaultValue = "target/bench/bench-join.json", description = "Results file (JSON).") Path out;
  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).") String master;

  @Override
  public Integer call() throws Exception {
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-join", master, Map.of("spark.ui.enabled", "false"))) {
      JoinBenchmark.run(session.spark(), embeddings, sizes, methods, k, recallSample, lshMaxRows, work, out, spec.commandLine().getErr());
    }
    spec.commandLine().getErr().println("results: " + out.toAbsolutePath());
    return 0;
  }
}
