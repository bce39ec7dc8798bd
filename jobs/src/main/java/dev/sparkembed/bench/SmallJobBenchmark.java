package dev.sparkembed.bench;

import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.EmbedSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The embed job warm: run in one JVM, the same way the CLI runs it (same config, progress line off),
 * several times on one input, the first unmeasured. {@code scripts/bench-small-job.sh} sets the
 * cold CLI process beside it: the fixed cost of a small job is the difference.
 */
public final class SmallJobBenchmark {

  private SmallJobBenchmark() {}

  /** Seconds of each measured run, from the job's call to its return (summary written). */
  public static List<Double> warmSeconds(SparkSession spark, Path input, String model, int rounds, Path work, PrintWriter log) {
    EmbedJobConfig config = ConfigFiles.of(EmbedJobConfig.class, Map.of("input", input.toString(),
        "output", work.resolve("warm").toString(), "model", model, "progress-seconds", 0, "mode", "overwrite")).validate();
    List<Double> seconds = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      long start = System.nanoTime();
      EmbedSummary summary = EmbedJob.run(spark, config);
      double took = (System.nanoTime() - start) / 1e9;
      log.printf("  %s run: %.2f s (%,d rows, the job's own seconds %.2f)%n", round == 0 ? "warm-up" : "warm", took,
          summary.rowsRead(), summary.seconds());
      log.flush();
      if (round > 0) {
        seconds.add(took);
      }
    }
    return seconds;
  }
}
