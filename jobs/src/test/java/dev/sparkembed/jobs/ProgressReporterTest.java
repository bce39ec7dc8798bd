package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressReporterTest {

  @TempDir Path dir;

  @Test
  void estimateFromRowsAndFinishedTasks() {
    ProgressReporter.Snapshot s = ProgressReporter.estimate(500, 1, 4, 10);
    assertEquals(50.0, s.rowsPerSecond(), 1e-9);
    assertEquals(Duration.ofSeconds(30), s.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, tasks 1/4, ETA 30s", s.line());
    ProgressReporter.Snapshot early = ProgressReporter.estimate(500, 0, 4, 10);
    assertNull(early.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, tasks 0/4, ETA after the first task", early.line());
    assertEquals("1h02m", ProgressReporter.format(Duration.ofSeconds(3725)));
    assertEquals("2m05s", ProgressReporter.format(Duration.ofSeconds(125)));
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
