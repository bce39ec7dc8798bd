package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.jobs.ProgressReporter.ExpectedRows;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.spark.EmbedColumns;
import dev.sparkembed.spark.EmbedMetrics;
import dev.sparkembed.spark.EmbedPartitionFunction;
import dev.sparkembed.spark.ScalaCollections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressReporterTest {

  @TempDir Path dir;

  @Test
  void estimateFromRowsAndFinishedTasks() {
    ProgressReporter.Snapshot s = ProgressReporter.estimate(500, 1, 4, null, 10);
    assertEquals(50.0, s.rowsPerSecond(), 1e-9);
    assertEquals(Duration.ofSeconds(30), s.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, tasks 1/4, ETA 30s", s.line());
    ProgressReporter.Snapshot early = ProgressReporter.estimate(500, 0, 4, null, 10);
    assertNull(early.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, tasks 0/4, ETA after the first task", early.line());
    assertEquals("1h02m", ProgressReporter.format(Duration.ofSeconds(3725)));
    assertEquals("2m05s", ProgressReporter.format(Duration.ofSeconds(125)));
  }

  @Test
  void estimateFromExpectedRowsBeforeAnyTaskFinishes() {
    ExpectedRows estimated = new ExpectedRows(2000, true);
    ProgressReporter.Snapshot s = ProgressReporter.estimate(500, 0, 2, estimated, 10);
    assertEquals(Duration.ofSeconds(30), s.eta()); // 1,500 rows left at 50 rows/s
    assertEquals("embedding: 500 of ~2,000 rows (25%), 50 rows/s, tasks 0/2, ETA 30s", s.line());
    assertEquals("embedding: 500 of 2,000 rows (25%), 50 rows/s, tasks 0/2, ETA 30s",
        ProgressReporter.estimate(500, 0, 2, new ExpectedRows(2000, false), 10).line());
    assertEquals("embedding: 0 of ~2,000 rows (0%), 0 rows/s, ETA after the first rows",
        ProgressReporter.estimate(0, 0, 0, estimated, 3).line());
    // An estimate that proved low is dropped: the finished tasks' pace, or no ETA yet.
    assertEquals("embedding: 2,500 rows, 250 rows/s, tasks 1/2, ETA 10s",
        ProgressReporter.estimate(2500, 1, 2, estimated, 10).line());
    assertEquals("embedding: 2,500 rows, 250 rows/s, tasks 0/2, ETA after the first task",
        ProgressReporter.estimate(2500, 0, 2, estimated, 10).line());
  }

  /**
   * The bug: rows were counted when an 8,192-row window finished, which for a 2-task job is when
   * its tasks finish, so the line said 0 rows until then. Now every model call counts, and
   * executor heartbeats (every second in the test session) bring running tasks' counts.
   */
  @Test
  void rowsAndEtaMoveWhileTheOnlyTwoTasksRun() throws IOException {
    SparkSession spark = TestSpark.session();
    // 700 of the sample's JSON lines as plain texts, short and long: about 7 s of embedding on 2 cores.
    List<String> texts = Files.readAllLines(Path.of(System.getProperty("user.dir")).resolve("../data/sample/corpus.jsonl"))
        .subList(0, 700);
    Dataset<Row> input = spark.createDataset(texts, Encoders.STRING()).toDF("text").repartition(2);
    StructType schema = input.schema();
    EmbedMetrics metrics = EmbedMetrics.register(spark.sparkContext());
    String model = "all-minilm-l6-v2";
    ModelLabel label = new ModelLabel(ModelCache.get(model, 1).files().label(), "");
    Dataset<Row> embedded = input.mapPartitions(
        new EmbedPartitionFunction(model, label, EmbedSettings.DEFAULTS, 0, metrics), Encoders.row(EmbedColumns.appendTo(schema)));

    List<ProgressReporter.Snapshot> whileRunning = new CopyOnWriteArrayList<>();
    AtomicBoolean aTaskEnded = new AtomicBoolean();
    SparkListener taskEnds = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        // An embed task, not one of the shuffle's: it updated the row counter.
        if (ScalaCollections.toJava(end.taskInfo().accumulables()).stream().anyMatch(a -> a.id() == metrics.rows().id())) {
          aTaskEnded.set(true);
        }
      }
    };
    spark.sparkContext().addSparkListener(taskEnds);
    ExpectedRows expected = new ExpectedRows(texts.size(), false);
    ProgressReporter.Snapshot done;
    try (ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), metrics.rows(), () -> expected,
        Duration.ofMillis(250), line -> { })) {
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          ProgressReporter.Snapshot s = progress.snapshot();
          if (!aTaskEnded.get()) {
            whileRunning.add(s);
          }
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.start();
      try {
        embedded.foreach((ForeachFunction<Row>) row -> { });
      } finally {
        sampler.interrupt();
      }
      TestSpark.jobsStarted(); // drains the listener bus
      done = progress.snapshot();
    } finally {
      spark.sparkContext().removeSparkListener(taskEnds);
    }
    assertEquals(texts.size(), done.rows());
    // Before any task had finished, the count stood part-way (less than a task's share) with an ETA.
    long smallerShare = texts.size() / 2 - 100;
    List<ProgressReporter.Snapshot> partWay = whileRunning.stream()
        .filter(s -> s.tasksDone() == 0 && s.rows() > 0 && s.rows() < smallerShare).toList();
    assertFalse(partWay.isEmpty(), "no part-way count before the first task ended; last line: "
        + (whileRunning.isEmpty() ? "none" : whileRunning.get(whileRunning.size() - 1).line()));
    assertNotNull(partWay.get(partWay.size() - 1).eta(), partWay.get(partWay.size() - 1).line());
  }

  @Test
  void countsRowsAndTasksOfTheStageThatUpdatesTheRowCounter() throws IOException {
    SparkSession spark = TestSpark.session();
    Path input = Files.write(dir.resolve("lines.txt"), IntStream.range(0, 2000).mapToObj(i -> "line " + i).toList());
    LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
    List<String> lines = new ArrayList<>();
    try (ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), rows, Duration.ofMillis(200), lines::add)) {
      spark.read().text(input.toString()).repartition(4).foreachPartition((ForeachPartitionFunction<Row>) it -> {
        while (it.hasNext()) {
          it.next();
          rows.add(1);
        }
      });
      spark.read().text(input.toString()).count(); // tasks that do not touch the counter do not count
      TestSpark.jobsStarted(); // drains the listener bus
      ProgressReporter.Snapshot done = progress.snapshot();
      assertEquals(2000, done.rows());
      assertEquals(4, done.tasks());
      assertEquals(4, done.tasksDone());
      assertEquals(Duration.ZERO, done.eta());
    }
  }
}
