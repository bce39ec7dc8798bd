package dev.sparkembed.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options every job command takes, and how a job command runs in a Spark session. */
final class JobOptions {

  @Option(names = "--output", paramLabel = "PATH", description = "Output folder.")
  String output;

  @Option(names = "--mode", paramLabel = "MODE", description = "error (refuse an output that holds data; the default) or overwrite.")
  String mode;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Spark configuration; repeatable.")
  Map<String, String> conf;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON file with the same keys as the flags (\"input-format\", ...); flags win.")
  Path configFile;

  /** Runs {@code job} in a Spark session and prints the summary line it returns. */
  static void runJob(String appName, String master, Map<String, String> conf, PrintWriter out,
      Function<SparkSession, String> job) {
    try (SparkSessions.Handle session = SparkSessions.open(appName, master, conf)) {
      out.println(job.apply(session.spark()));
      out.flush();
    }
  }
}
