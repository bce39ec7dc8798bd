package dev.sparkembed.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkembed.jobs.TestSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad classify input: one line, exit code 2, before or instead of any training. */
class ClassifyCommandErrorsTest {

  @TempDir static Path dir;
  static Path synthetic;

  @BeforeAll
  static void writeEmbeddings() {
    synthetic = dir.resolve("synthetic");
    SyntheticClusters.write(TestSpark.session(), synthetic, true);
  }

  private static CliRun train(Path input, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(new String[] {"classify", "--train", input.toString(), "--output", dir.resolve("out-" + System.nanoTime()).toString(), "--folds"}, 0, args, 0, 6);
    System.arraycopy(more, 0, args, 6, more.length);
    return CliRun.of(args);
  }

  private static void assertError(CliRun run, String message) {
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("spark-embed: error: " + message, run.errorLine());
  }

  @Test
  void aMissingLabelColumn() {
    assertError(train(synthetic, "3", "--label-col", "genre"), "no label column 'genre' in training input " + synthetic);
  }

  @Test
  void fewerThanTwoClasses() {
    Path one = dir.resolve("one-class");
    TestSpark.session().read().parquet(synthetic.toString()).filter(col("label").equalTo("food")).write().parquet(one.toString());
    assertError(train(one, "3"), "training needs at least 2 classes, got 1: 'food'");
  }

  @Test
  void aClassWithFewerRowsThanFolds() {
    // 40 rows a class, 8 held out: 32 training rows, fewer than 33 folds.
    assertError(train(synthetic, "33"), "3 classes have fewer training rows than the 33 folds: 'cars' (32), 'food' (32), "
        + "'music' (32) after holding out the test rows; drop or merge them (--min-class-rows N leaves out classes with "
        + "fewer than N rows), or use fewer folds");
  }

  @Test
  void anInputWithNoRowsOrNoVectors() {
    Path empty = dir.resolve("no-rows");
    TestSpark.session().read().parquet(synthetic.toString()).limit(0).write().parquet(empty.toString());
    assertError(train(empty, "3"), "training input " + empty + " holds no rows");
    Path nulls = dir.resolve("null-vectors");
    TestSpark.session().read().parquet(synthetic.toString()).limit(5).withColumn("embedding", lit(null).cast("array<float>"))
        .write().parquet(nulls.toString());
    assertError(train(nulls, "3"), "training input " + nulls + " has no non-null 'embedding' in the first 1000 rows of any file");
  }

  @Test
  void aLabelThatIsNeitherAStringNorAnInteger() {
    Path doubles = dir.resolve("double-labels");
    SparkSession spark = TestSpark.session();
    spark.read().parquet(synthetic.toString()).withColumn("label", lit(1.5)).write().parquet(doubles.toString());
    assertError(train(doubles, "3"), "label column 'label' must be a string or an integer, not double");
  }

  @Test
  void noTextForTheBaseline() {
    Path noText = dir.resolve("no-text");
    TestSpark.session().read().parquet(synthetic.toString()).drop("text").write().parquet(noText.toString());
    assertError(train(noText, "3"), "no text for the TF-IDF baseline: training input " + noText + " has no 'text' column; "
        + "keep it with 'embed --keep-cols text' or pass --text CORPUS");
  }

  @Test
  void theBaselineTakesItsTextFromACorpusJoinedById() throws Exception {
    Path noText = dir.resolve("no-text-2");
    Path corpus = dir.resolve("corpus");
    SparkSession spark = TestSpark.session();
    spark.read().parquet(synthetic.toString()).drop("text").write().parquet(noText.toString());
    spark.read().parquet(synthetic.toString()).select("id", "text").write().json(corpus.toString());
    Path out = dir.resolve("with-corpus");
    CliRun run = CliRun.of("classify", "--train", noText.toString(), "--text", corpus.toString(), "--folds", "3",
        "--reg-params", "0.1", "--output", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Files.readString(out.resolve("_summary.json")));
    assertEquals(1, summary.get("null_embeddings").asInt());
    // The themes' words separate the three classes: with the joined text the baseline finds them all.
    assertEquals(1.0, summary.get("tfidf_baseline").get("accuracy").asDouble());
  }

  @Test
  void trainAndModelTogether() {
    assertError(CliRun.of("classify", "--train", synthetic.toString(), "--model", "m", "--output", "o"),
        "--train and --model exclude each other: train a classifier, or apply one");
    assertError(CliRun.of("classify", "--model", dir.resolve("nothing").toString(), "--input", synthetic.toString(),
        "--output", dir.resolve("o").toString()), "model " + dir.resolve("nothing")
        + " is not a saved Spark ML model (no metadata/); give a training run's OUT/model");
  }
}
