package dev.sparkembed.jobs;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** One real local SparkSession for the test JVM, and a count of the Spark jobs it has run. */
public final class TestSpark {

  private static SparkSession spark;
  private static final AtomicInteger JOBS = new AtomicInteger();

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("spark-embed-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
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
