package dev.sparkembed.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints a progress line every few seconds while the embed stage runs: rows embedded, rows/s,
 * share of the input read and an ETA. Running tasks report through executor heartbeats, so the
 * line moves before any task finishes; Spark's UI stays available as usual.
 */
public final class ProgressReporter implements AutoCloseable {

  private static final String BYTES_READ = "internal.metrics.input.bytesRead";

  /** What the progress line says. */
  public record Snapshot(long rows, double rowsPerSecond, Double inputFraction, Duration eta) {
    public String line() {
      StringBuilder s = new StringBuilder(String.format("embedding: %,d rows, %,.0f rows/s", rows, rowsPerSecond));
      if (inputFraction != null) {
        s.append(String.format(", %.1f%% of input", 100 * inputFraction));
      }
      s.append(eta == null ? ", ETA unknown" : ", ETA " + format(eta));
      return s.toString();
    }
  }

  /**
   * The estimate: rows so far and their rate; with the bytes read of a known input size, the
   * share done and the time left at the rate so far.
   */
  public static Snapshot estimate(long rows, long bytesRead, long inputBytes, double elapsedSeconds) {
    double rate = elapsedSeconds > 0 ? rows / elapsedSeconds : 0;
    if (inputBytes <= 0 || bytesRead <= 0) {
      return new Snapshot(rows, rate, null, null);
    }
    double fraction = Math.min(1.0, (double) bytesRead / inputBytes);
    Duration eta = Duration.ofSeconds(Math.round(elapsedSeconds * (1 - fraction) / fraction));
    return new Snapshot(rows, rate, fraction, eta);
  }

  private final SparkContext spark;
  private final LongAccumulator rows;
  private final long inputBytes;
  private final Listener listener = new Listener();
  private final ScheduledExecutorService timer;
  private final long start = System.nanoTime();

  private ProgressReporter(SparkContext spark, LongAccumulator rows, long inputBytes, Duration every, Consumer<String> out) {
    this.spark = spark;
    this.rows = rows;
    this.inputBytes = inputBytes;
    spark.addSparkListener(listener);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-embed-progress");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleAtFixedRate(() -> out.accept(snapshot().line()), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** @param inputBytes total size of the input files, or 0 when unknown */
  public static ProgressReporter start(SparkContext spark, LongAccumulator rows, long inputBytes, Duration every,
      Consumer<String> out) {
    return new ProgressReporter(spark, rows, inputBytes, every, out);
  }

  public Snapshot snapshot() {
    long partialRows = listener.partialRows.values().stream().mapToLong(Long::longValue).sum();
    long partialBytes = listener.partialBytes.values().stream().mapToLong(Long::longValue).sum();
    return estimate(rows.value() + partialRows, listener.finishedBytes + partialBytes, inputBytes,
        (System.nanoTime() - start) / 1e9);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    spark.removeSparkListener(listener);
  }

  /** Latest partial counts of running embed tasks (known by their row counter), by task id. */
  private final class Listener extends SparkListener {
    final Map<Long, Long> partialRows = new ConcurrentHashMap<>();
    final Map<Long, Long> partialBytes = new ConcurrentHashMap<>();
    volatile long finishedBytes;

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
      for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
          CollectionConverters.asJava(update.accumUpdates())) {
        long taskId = (Long) task._1();
        Long taskRows = null;
        Long taskBytes = null;
        for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
          if (info.id() == rows.id() && info.update().isDefined()) {
            taskRows = ((Number) info.update().get()).longValue();
          } else if (info.name().isDefined() && BYTES_READ.equals(info.name().get()) && info.update().isDefined()) {
            taskBytes = ((Number) info.update().get()).longValue();
          }
        }
        if (taskRows != null) {
          partialRows.put(taskId, taskRows);
          if (taskBytes != null) {
            partialBytes.put(taskId, taskBytes);
          }
        }
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      long taskId = end.taskInfo().taskId();
      // The task's rows now count in the accumulator itself; its bytes move to the finished total.
      partialRows.remove(taskId);
      partialBytes.remove(taskId);
      boolean embedTask = CollectionConverters.asJava(end.taskInfo().accumulables()).stream().anyMatch(a -> a.id() == rows.id());
      if (embedTask && end.taskMetrics() != null) {
        finishedBytes += end.taskMetrics().inputMetrics().bytesRead();
      }
    }
  }

  static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
