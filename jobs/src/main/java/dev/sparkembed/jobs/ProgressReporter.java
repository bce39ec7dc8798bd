package dev.sparkembed.jobs;

import dev.sparkembed.spark.ScalaCollections;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;

/**
 * Prints a progress line every few seconds while the embed stage runs: rows embedded, rows/s,
 * finished tasks and an ETA. Running tasks report their rows through executor heartbeats (counted
 * as each model call finishes), so the count moves before any task finishes. With the number of
 * rows to embed, known or estimated ({@link InputRowEstimate}), the ETA is that remainder at the
 * rate so far, which a 2-task job needs; without it, the ETA waits for the first finished task.
 * Spark's in-flight bytes-read metric is not used: it was seen to lag far behind (20% shown at 81%
 * of rows). Spark's UI stays available as usual.
 */
public final class ProgressReporter implements AutoCloseable {

  /** How many rows the stage will embed: exact (a table job's count) or estimated from the input. */
  public record ExpectedRows(long rows, boolean estimated) {}

  /** What the progress line says. */
  public record Snapshot(long rows, double rowsPerSecond, int tasksDone, int tasks, ExpectedRows expected, Duration eta) {
    public String line() {
      StringBuilder s = new StringBuilder(String.format("embedding: %,d", rows));
      if (withinExpected()) {
        s.append(String.format(" of %s%,d rows (%d%%)", expected.estimated() ? "~" : "", expected.rows(),
            expected.rows() == 0 ? 100 : rows * 100 / expected.rows()));
      } else {
        s.append(" rows");
      }
      s.append(String.format(", %,.0f rows/s", rowsPerSecond));
      if (tasks > 0) {
        s.append(String.format(", tasks %d/%d", tasksDone, tasks));
      }
      if (eta != null) {
        s.append(", ETA ").append(format(eta));
      } else {
        s.append(withinExpected() ? ", ETA after the first rows" : ", ETA after the first task");
      }
      return s.toString();
    }

    private boolean withinExpected() {
      return expected != null && rows <= expected.rows();
    }
  }

  /**
   * Rows so far and their rate. The time left is the expected rows still to embed at the rate so
   * far; when they are unknown, or fewer than the rows already embedded (a low estimate), it is
   * the finished tasks' pace, once a task has finished.
   */
  public static Snapshot estimate(long rows, int tasksDone, int tasks, ExpectedRows expected, double elapsedSeconds) {
    return estimate(rows, tasksDone, tasks, expected, elapsedSeconds, elapsedSeconds > 0 ? rows / elapsedSeconds : 0);
  }

  /** As above, with the rate measured by the caller (since the first rows, leaving start-up out). */
  static Snapshot estimate(long rows, int tasksDone, int tasks, ExpectedRows expected, double elapsedSeconds, double rate) {
    Duration eta = null;
    if (expected != null && rows <= expected.rows() && rate > 0) {
      eta = Duration.ofSeconds(Math.round((expected.rows() - rows) / rate));
    } else if (tasksDone > 0 && tasks > 0) {
      eta = Duration.ofSeconds(Math.round(elapsedSeconds * (tasks - tasksDone) / tasksDone));
    }
    return new Snapshot(rows, rate, tasksDone, tasks, expected, eta);
  }

  static final Duration FIRST_LINE = Duration.ofSeconds(10);

  private final SparkContext spark;
  private final LongAccumulator rows;
  private final Listener listener = new Listener();
  private final Supplier<ExpectedRows> expected;
  private final ScheduledExecutorService timer;
  private final long start = System.nanoTime();
  /** When the progress line first saw rows, and how many: the rate is measured from there. */
  private long firstRowsAt;
  private long firstRows;

  private ProgressReporter(SparkContext spark, LongAccumulator rows, Supplier<ExpectedRows> expected, Duration every,
      Consumer<String> out) {
    this.spark = spark;
    this.rows = rows;
    this.expected = expected;
    spark.addSparkListener(listener);
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spark-embed-progress");
      t.setDaemon(true);
      return t;
    });
    // The first line comes within 10 s even when lines are far apart, to show the job is moving.
    long first = Math.min(every.toMillis(), FIRST_LINE.toMillis());
    timer.scheduleAtFixedRate(() -> out.accept(snapshot().line()), first, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Without an expected row count: the ETA comes from finished tasks. */
  public static ProgressReporter start(SparkContext spark, LongAccumulator rows, Duration every, Consumer<String> out) {
    return start(spark, rows, () -> null, every, out);
  }

  /**
   * @param expected the rows the stage will embed, or null while (or if) not known; asked at
   *     every line, so that an estimate made in the background is used once it is ready
   */
  public static ProgressReporter start(SparkContext spark, LongAccumulator rows, Supplier<ExpectedRows> expected,
      Duration every, Consumer<String> out) {
    return new ProgressReporter(spark, rows, expected, every, out);
  }

  public Snapshot snapshot() {
    long partialRows = listener.partialRows.values().stream().mapToLong(Long::longValue).sum();
    long now = System.nanoTime();
    long counted = rows.value() + partialRows;
    double elapsed = (now - start) / 1e9;
    double rate = elapsed > 0 ? counted / elapsed : 0;
    synchronized (this) {
      if (firstRowsAt == 0 && counted > 0) {
        firstRowsAt = now;
        firstRows = counted;
      } else if (firstRowsAt != 0 && now - firstRowsAt >= 1_000_000_000L) {
        // Model loading and the first tokenization are behind us: they would skew the ETA long.
        rate = (counted - firstRows) / ((now - firstRowsAt) / 1e9);
      }
    }
    return estimate(counted, listener.tasksDone.get(), listener.tasks.get(), expected.get(), elapsed, rate);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    spark.removeSparkListener(listener);
  }

  /** Latest partial row counts of running embed tasks by task id, and the embed stage's task counts. */
  private final class Listener extends SparkListener {
    final Map<Long, Long> partialRows = new ConcurrentHashMap<>();
    final java.util.Set<Integer> embedStages = ConcurrentHashMap.newKeySet();
    final AtomicInteger tasks = new AtomicInteger();
    final AtomicInteger tasksDone = new AtomicInteger();

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
      // (task id, stage id, attempt, updates); var, since the Seq's class differs by Scala version.
      for (var task : ScalaCollections.toJava(update.accumUpdates())) {
        for (AccumulableInfo info : ScalaCollections.toJava(task._4())) {
          if (info.id() == rows.id() && info.update().isDefined()) {
            partialRows.put((Long) task._1(), ((Number) info.update().get()).longValue());
            countStage((Integer) task._2());
          }
        }
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      // The task's rows now count in the accumulator itself.
      partialRows.remove(end.taskInfo().taskId());
      boolean embedTask = ScalaCollections.toJava(end.taskInfo().accumulables()).stream().anyMatch(a -> a.id() == rows.id());
      if (embedTask) {
        countStage(end.stageId());
        tasksDone.incrementAndGet();
      }
    }

    private void countStage(int stageId) {
      if (embedStages.add(stageId)) {
        spark.statusTracker().getStageInfo(stageId).foreach(info -> tasks.addAndGet(info.numTasks()));
      }
    }
  }

  static String format(Duration d) {
    long s = d.getSeconds();
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
