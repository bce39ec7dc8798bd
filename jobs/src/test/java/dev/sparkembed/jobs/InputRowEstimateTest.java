package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputRowEstimateTest {

  @TempDir Path dir;
  private final Configuration conf = new Configuration();

  @Test
  void aSmallInputIsCountedLineByLine() throws IOException {
    Path file = dir.resolve("small.jsonl");
    Files.writeString(file, "{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"no newline at the end\"}");
    assertEquals(OptionalLong.of(3), InputRowEstimate.of(InputFormat.JSONL, file.toString(), conf));
  }

  @Test
  void aLargeInputIsScaledFromSlicesSpreadOverIt() throws IOException {
    // 3 MB of lines from 10 to 400 characters, longer towards the end, in two files.
    Random random = new Random(7);
    int lines = 0;
    for (String name : List.of("part-0.jsonl", "part-1.jsonl")) {
      StringBuilder s = new StringBuilder();
      while (s.length() < 1_500_000) {
        int length = 10 + random.nextInt(name.endsWith("0.jsonl") ? 200 : 400);
        s.append("{\"text\": \"").append("x".repeat(length)).append("\"}\n");
        lines++;
      }
      Files.writeString(dir.resolve(name), s);
    }
    OptionalLong estimate = InputRowEstimate.of(InputFormat.JSONL, dir.toString(), conf);
    assertTrue(Files.size(dir.resolve("part-0.jsonl")) + Files.size(dir.resolve("part-1.jsonl"))
        > (long) InputRowEstimate.SLICES * InputRowEstimate.SLICE_BYTES, "the input must be sampled, not read whole");
    double error = Math.abs(estimate.getAsLong() - lines) / (double) lines;
    assertTrue(error < 0.05, "estimated " + estimate.getAsLong() + " of " + lines + " lines");
  }

  @Test
  void csvHeadersAndHiddenFilesDoNotCount() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(folder.resolve("a.csv"), "id,text\n1,x\n2,y\n");
    Files.writeString(folder.resolve("b.csv"), "id,text\n3,z\n");
    Files.writeString(folder.resolve("_SUCCESS"), "");
    Files.writeString(folder.resolve(".draft.csv"), "id,text\n4,w\n");
    assertEquals(OptionalLong.of(3), InputRowEstimate.of(InputFormat.CSV, folder.toString(), conf));
  }

  @Test
  void compressedFilesHaveNoEstimate() throws IOException {
    Path file = dir.resolve("texts.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(OptionalLong.empty(), InputRowEstimate.of(InputFormat.TEXT, file.toString(), conf));
  }

  @Test
  void parquetRowsComeFromTheFooters() throws IOException {
    SparkSession spark = TestSpark.session();
    Path out = dir.resolve("parquet");
    List<String> texts = new ArrayList<>(IntStream.range(0, 1234).mapToObj(i -> "text " + i).toList());
    spark.createDataset(texts, org.apache.spark.sql.Encoders.STRING()).toDF("text").repartition(3)
        .write().parquet(out.toString());
    assertEquals(OptionalLong.of(1234), InputRowEstimate.of(InputFormat.PARQUET, out.toString(), conf));
    assertEquals(OptionalLong.empty(), InputRowEstimate.of(InputFormat.DELTA, out.toString(), conf));
  }
}
