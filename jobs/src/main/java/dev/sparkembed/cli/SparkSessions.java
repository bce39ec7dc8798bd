package dev.sparkembed.cli;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** Gets the Spark session a command runs in. */
final class SparkSessions {

  private SparkSessions() {}

  /**
   * Reuses the active session of this JVM when there is one (spark-submit's, a notebook's, a
   * test's) and leaves it running; otherwise starts one and stops it on close.
   */
  static Handle open(String appName, String master, Map<String, String> conf) {
    Optional<SparkSession> active = SparkSession.getActiveSession().isDefined()
        ? Optional.of(SparkSession.getActiveSession().get())
        : Optional.empty();
    if (active.isPresent()) {
      return new Handle(active.get(), false);
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // spark-submit sets spark.master as a system property; --master is for running without it.
    if (System.getProperty("spark.master") == null) {
      builder.master(master);
    }
    conf.forEach(builder::config);
    return new Handle(builder.getOrCreate(), true);
  }

  record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }
}
