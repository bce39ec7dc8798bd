package dev.sparkembed.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
    withJobDefaults(conf).forEach(builder::config);
    return new Handle(start(builder::getOrCreate, System.err), true);
  }

  /**
   * Starts a session, and once more when the first start lost a race inside Spark. In YARN client
   * mode the application master sends the driver its web-UI filter, which Spark adds to the UI's
   * handlers on an RPC thread under the UI's lock, while SparkContext's constructor attaches those
   * handlers without it ({@code SparkUI.attachAllHandlers}, Spark 4.0 to 4.2). When the two
   * overlap the constructor fails with a ConcurrentModificationException; it has stopped the
   * context and its YARN application by then, so the second start is a fresh application. Seen
   * once in a CI run of YarnClusterIT's client-mode test on a loaded 2-core machine.
   */
  static SparkSession start(Supplier<SparkSession> start, PrintStream err) {
    try {
      return start.get();
    } catch (Exception e) { // Scala code throws checked exceptions too; rethrown as they are
      if (!lostUiFilterRace(e)) {
        throw e;
      }
      err.println("spark-embed: warning: Spark's UI start raced with YARN's web-UI filter "
          + "(ConcurrentModificationException in SparkUI.attachAllHandlers); starting Spark again");
      err.flush();
      return start.get();
    }
  }

  /** Whether {@code failure} is the race {@link #start} retries, told by where it was thrown. */
  static boolean lostUiFilterRace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConcurrentModificationException && Arrays.stream(t.getStackTrace()).anyMatch(frame ->
          frame.getClassName().equals("org.apache.spark.ui.SparkUI") && frame.getMethodName().equals("attachAllHandlers"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code conf} and the settings the jobs want where neither it nor spark-submit (system properties) set them. */
  static Map<String, String> withJobDefaults(Map<String, String> conf) {
    Map<String, String> all = new java.util.LinkedHashMap<>(conf);
    if (!conf.containsKey(HEARTBEAT_INTERVAL) && System.getProperty(HEARTBEAT_INTERVAL) == null) {
      all.put(HEARTBEAT_INTERVAL, EMBED_HEARTBEAT_INTERVAL);
    }
    return all;
  }

  /**
   * Running tasks' row counts reach the progress line with executor heartbeats. Spark's default
   * (10 s, and the first one 10-20 s after an executor starts) left the line at 0 rows for the
   * first 12 s of a 3,000-paragraph run; every 3 s, the first one 3-6 s after start, it moves
   * within 10 s of the embed stage's start. One small message per executor every 3 s is little
   * for a driver. Used unless the user set it.
   */
  static final String HEARTBEAT_INTERVAL = "spark.executor.heartbeatInterval";
  static final String EMBED_HEARTBEAT_INTERVAL = "3s";

  record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }
}
