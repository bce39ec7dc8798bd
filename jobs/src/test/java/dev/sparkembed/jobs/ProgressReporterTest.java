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
  void estimateFromRowsAndBytes() {
    ProgressReporter.Snapshot s = ProgressReporter.estimate(500, 25, 100, 10);
    assertEquals(50.0, s.rowsPerSecond(), 1e-9);
    assertEquals(0.25, s.inputFraction(), 1e-9);
    assertEquals(Duration.ofSeconds(30), s.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, 25.0% of input, ETA 30s", s.line());
    ProgressReporter.Snapshot unknown = ProgressReporter.estimate(500, 0, 0, 10);
    assertNull(unknown.eta());
    assertEquals("embedding: 500 rows, 50 rows/s, ETA unknown", unknown.line());
    assertEquals("1h02m", ProgressReporter.format(Duration.ofSeconds(3725)));
    assertEquals("2m05s", ProgressReporter.format(Duration.ofSeconds(125)));
  }

  @Test
  void countsRowsAndInputOfTheTasksThatUpdateTheRowCounter() throws IOException {
    SparkSession spark = TestSpark.session();
    Path input = Files.write(dir.resolve("lines.txt"), IntStream.range(0, 2000).mapToObj(i -> "line " + i).toList());
    LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
    List<String> lines = new ArrayList<>();
    try (ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), rows, Files.size(input),
        Duration.ofMillis(200), lines::add)) {
      spark.read().text(input.toString()).repartition(1).foreachPartition((ForeachPartitionFunction<Row>) it -> {
        while (it.hasNext()) {
          it.next();
          rows.add(1);
        }
      });
      spark.read().text(input.toString()).count(); // a job without the row counter: its input does not count
      TestSpark.jobsStarted(); // drains the listener bus
      ProgressReporter.Snapshot done = progress.snapshot();
      assertEquals(2000, done.rows());
      assertNull(done.inputFraction(), "the counting stage reads a shuffle, not the file");
    }
    LongAccumulator fileRows = spark.sparkContext().longAccumulator("file rows");
    try (ProgressReporter progress = ProgressReporter.start(spark.sparkContext(), fileRows, Files.size(input),
        Duration.ofSeconds(60), lines::add)) {
      spark.read().text(input.toString()).foreachPartition((ForeachPartitionFunction<Row>) it -> {
        while (it.hasNext()) {
          it.next();
          fileRows.add(1);
        }
      });
      TestSpark.jobsStarted();
      ProgressReporter.Snapshot done = progress.snapshot();
      assertEquals(2000, done.rows());
      assertEquals(1.0, done.inputFraction(), 0.01, "the whole file was read by counting tasks");
    }
  }
}
