package dev.sparkembed.cli;

import dev.sparkembed.model.ModelLocator;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** How a job command runs: driver settings before the session, then the job in a Spark session. */
final class JobOptions {

  private JobOptions() {}

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

  /** Joins, dedup and clustering score vectors with BLAS: say once, plainly, when it is not native. */
  static void noticeIfNoNativeBlas(PrintWriter err) {
    dev.sparkembed.similarity.NativeBlas.missingNotice().ifPresent(line -> {
      err.println(line);
      err.flush();
    });
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
