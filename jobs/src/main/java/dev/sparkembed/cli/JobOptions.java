package dev.sparkembed.cli;

import dev.sparkembed.model.ModelLocator;
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

  /**
   * Settings the driver needs before its Spark session exists: a model cache folder given with
   * {@code --conf spark.embed.modelCacheDir=...} applies to the driver's preflight copy as well as
   * to the executors.
   */
  static void applyDriverSettings(Map<String, String> conf) {
    String cacheDir = conf.get(ModelLocator.CACHE_DIR_PROPERTY);
    if (cacheDir != null && System.getProperty(ModelLocator.CACHE_DIR_PROPERTY) == null) {
      System.setProperty(ModelLocator.CACHE_DIR_PROPERTY, cacheDir);
    }
  }

  /** Runs {@code job} in a Spark session and prints the summary line it returns. */
  static void runJob(String appName, String master, Map<String, String> conf, PrintWriter out,
      Function<SparkSession, String> job) {
    try (SparkSessions.Handle session = SparkSessions.open(appName, master, conf)) {
      out.println(job.apply(session.spark()));
      out.flush();
    }
  }
}
