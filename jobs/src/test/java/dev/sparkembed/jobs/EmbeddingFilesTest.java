package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFilesTest {

  @TempDir
  Path dir;

  @Test
  void aCsvTextCorpusIsReadAsTheEmbedJobReadsIt() throws IOException {
    // RFC 4180: a quoted field may span lines, and a quote in it is doubled. Read line by line, with
    // Spark's backslash escape, the first record was cut in two and the second kept its quotes.
    Path corpus = Files.write(dir.resolve("corpus.csv"), List.of("id,text", "a,\"Two lines:", "the second\"",
        "b,\"He said \"\"hi\"\".\""));
    SparkSession spark = TestSpark.session();
    Map<String, String> texts = new TreeMap<>();
    EmbeddingFiles.readTextCorpus(spark, corpus.toString(), spark.sparkContext().hadoopConfiguration()).collectAsList()
        .forEach(r -> texts.put(r.getAs("id"), r.getAs("text")));
    assertEquals(Map.of("a", "Two lines:\nthe second", "b", "He said \"hi\"."), texts);
  }
}
