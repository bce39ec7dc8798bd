package dev.sparkembed.cli;

import dev.sparkembed.bench.SqlBenchmark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-sql}: the SQL functions against the embed job, side by side. */
@Command(
    name = "bench-sql",
    mixinStandardHelpOptions = true,
    description = "Measures SELECT * FROM embed_table(...) written to Parquet against the embed job (alternating "
        + "rounds), the row-at-a-time embed(text), and semantic_search latency over 100,000 embeddings. "
        + "scripts/bench-sql.sh prepares the default corpora.")
final class BenchSqlCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--corpus", paramLabel = "NAME=FILE", required = true,
      description = "JSON Lines file with id and text columns; repeatable, measured in order.")
  LinkedHashMap<String, Path> corpora;

  @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--rounds", defaultValue = "2", description = "Alternating rounds of job and embed_table (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--work", defaultValue = "target/bench/work-sql", description = "Scratch folder for outputs.")
  Path work;

  @Option(names = "--out", defaultValue = "target/bench/bench-sql.json", description = "Results file (JSON).")
  Path out;

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Override
  public Integer call() throws Exception {
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-sql", master, Map.of("spark.ui.enabled", "false"))) {
      SqlBenchmark.run(session.spark(), corpora, model, rounds, work, out, spec.commandLine().getErr());
    }
    spec.commandLine().getErr().println("results: " + out.toAbsolutePath());
    return 0;
  }
}
