package dev.sparkembed.jobs;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** One real local SparkSession for the test JVM, and a count of the Spark jobs it has run. */
public final class TestSpark {

  private static SparkSession spark;
  private static final AtomicInteger JOBS = new AtomicInteger();

  /** An Iceberg catalog of Hadoop tables in a temporary folder, for table names like {@code lake.db.t}. */
  public static final String ICEBERG_CATALOG = "lake";

  private TestSpark() {}

  private static String icebergWarehouse() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("iceberg-warehouse");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("spark-embed-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          // Running tasks' counters reach the driver with heartbeats (10 s by default).
          .config("spark.executor.heartbeatInterval", "1s")
          // Delta needs its extension and catalog from the start; Iceberg a catalog ("lake").
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.catalog." + ICEBERG_CATALOG, "org.apache.iceberg.spark.SparkCatalog")
          .config("spark.sql.catalog." + ICEBERG_CATALOG + ".type", "hadoop")
          .config("spark.sql.catalog." + ICEBERG_CATALOG + ".warehouse", icebergWarehouse())
          .getOrCreate();
      spark.sparkContext().addSparkListener(new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
          JOBS.incrementAndGet();
        }
      });
    }
    SparkSession.setActiveSession(spark);
    return spark;
  }

  /** Spark jobs started so far, after the listener bus has delivered every event. */
  public static int jobsStarted() {
    try {
      session().sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
    return JOBS.get();
  }
}
