package dev.sparkembed.cli;

import dev.sparkembed.bench.AutoKStudy;
import dev.sparkembed.bench.MapStudy;
import dev.sparkembed.jobs.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed bench-cluster auto-k|map}: how auto-k and the map do on embed outputs, one JSON line per input. */
@Command(name = "bench-cluster", mixinStandardHelpOptions = true,
    description = {"auto-k: sweeps cosine k-means over --k-min..--k-max on a sample of each labelled embed output and writes "
        + "the k auto-k chooses, and per k the NMI against the labels and the statistics auto-k chooses from.",
        "map: maps a sample of each embed output with t-SNE and with PCA and writes, side by side, the time and the share "
        + "of each point's 10 nearest neighbours (cosine) that stay among its 10 nearest on the map.",
        "scripts/bench-cluster.sh auto-k|map runs them."})
final class BenchClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "auto-k or map.") String study;
  @Parameters(index = "1..*", description = "Embed outputs (for map, several joined by commas count as one).") List<String> inputs;
  @Option(names = "--label-col", defaultValue = "label", description = "Label column, auto-k (default: ${DEFAULT-VALUE}).") String labelCol;
  @Option(names = "--k-min", defaultValue = "2", description = "Smallest k, auto-k (default: ${DEFAULT-VALUE}).") int kMin;
  @Option(names = "--k-max", defaultValue = "60", description = "Largest k, auto-k (default: ${DEFAULT-VALUE}).") int kMax;
  @Option(names = "--sample", defaultValue = "20000", description = "Rows sampled per input (default: ${DEFAULT-VALUE}).") int sample;
  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--out", required = true, description = "Results file (JSON lines).") Path out;
  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).") String master;

  @Override
  public Integer call() throws Exception {
    if (!study.equals("auto-k") && !study.equals("map")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown study '" + study + "' (expected auto-k, map)");
    }
    List<String> lines = new ArrayList<>();
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed bench-cluster", master, Map.of("spark.ui.enabled", "false"))) {
      for (String input : inputs) {
        lines.add(Json.line(study.equals("map")
            ? MapStudy.run(session.spark(), input, sample, seed, spec.commandLine().getErr())
            : AutoKStudy.run(session.spark(), input, labelCol, kMin, kMax, sample, seed, spec.commandLine().getErr())));
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines);
    spec.commandLine().getOut().println(out);
    return 0;
  }
}
