package dev.sparkembed.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.TestSpark;
import dev.sparkembed.testing.SharedCorpora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * classify on real labelled text: 160 Brown paragraphs of four genres from ../shared/corpora,
 * embedded by the real model, trained once, then applied and checked against independent
 * computations (MLlib's MulticlassMetrics, PipelineModel.load).
 */
class ClassifyCommandTest {

  static final Set<String> GENRES = Set.of("news", "religion", "hobbies", "government");
  static final int PER_GENRE = 40;

  @TempDir static Path dir;
  static Path embeddings;
  static Path trained;
  static JsonNode summary;
  static String printed;

  @BeforeAll
  static void embedAndTrain() throws Exception {
    Path corpus = SharedCorpora.writeJsonl(SharedCorpora.firstPerLabel("brown_paragraphs", GENRES, PER_GENRE),
        dir.resolve("brown.jsonl"));
    embeddings = dir.resolve("emb");
    CliRun embed = CliRun.of("embed", "--input", corpus.toString(), "--output", embeddings.toString(),
        "--keep-cols", "text,label", "--progress-seconds", "0");
    assertEquals(0, embed.exitCode(), embed.err());
    trained = dir.resolve("trained");
    CliRun train = CliRun.of("classify", "--train", embeddings.toString(), "--label-col", "label", "--folds", "3",
        "--reg-params", "0.001,0.1", "--max-iter", "30", "--output", trained.toString(),
        "--report", dir.resolve("classifier.html").toString());
    assertEquals(0, train.exitCode(), train.err());
    printed = train.out();
    summary = new ObjectMapper().readTree(Files.readString(trained.resolve("_summary.json")));
  }

  @Test
  void everyRowIsAccountedForAndEachGenreIsHeldOutInProportion() throws Exception {
    assertEquals(160, summary.get("rows").asInt());
    assertEquals(128, summary.get("train_rows").asInt());
    assertEquals(32, summary.get("test_rows").asInt());
    assertEquals(0, summary.get("null_embeddings").asInt() + summary.get("null_labels").asInt());
    assertEquals(List.of("government", "hobbies", "news", "religion"),
        new ObjectMapper().convertValue(summary.get("labels"), List.class));
    for (String genre : GENRES) {
      assertEquals(32, summary.get("rows_per_class").get(genre).get("train").asInt(), genre);
      assertEquals(8, summary.get("rows_per_class").get(genre).get("test").asInt(), genre);
    }
    Dataset<Row> test = TestSpark.session().read().parquet(trained.resolve("test_predictions").toString());
    assertEquals(32, test.select("id").distinct().count(), "one test prediction per held-out row");
    assertTrue(summary.get("model").asText().startsWith("all-minilm-l6-v2@"));
    JsonNode line = new ObjectMapper().readTree(printed);
    assertEquals(summary.get("embedding").get("accuracy"), line.get("embedding").get("accuracy"));
    assertTrue(!line.get("embedding").has("confusion_matrix"), "the printed line leaves the details to the file");
  }

  @Test
  void bothClassifiersFiguresEqualMllibsOnTheWrittenTestPredictions() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> test = spark.read().parquet(trained.resolve("test_predictions").toString());
    List<String> labels = List.of("government", "hobbies", "news", "religion");
    for (String[] which : new String[][] {{"embedding", "predicted_label"}, {"tfidf_baseline", "baseline_label"}}) {
      List<Tuple2<Object, Object>> pairs = new ArrayList<>();
      test.select(which[1], "label").collectAsList().forEach(r ->
          pairs.add(new Tuple2<>((double) labels.indexOf(r.getString(0)), (double) labels.indexOf(r.getString(1)))));
      MulticlassMetrics mllib = new MulticlassMetrics(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pairs).rdd());
      JsonNode figures = summary.get(which[0]);
      assertEquals(mllib.accuracy(), figures.get("accuracy").asDouble(), 1e-4, which[0] + " accuracy");
      double f1 = 0;
      for (int c = 0; c < labels.size(); c++) {
        f1 += mllib.fMeasure(c);
        assertEquals(mllib.fMeasure(c), figures.get("per_class").get(labels.get(c)).get("f1").asDouble(), 1e-4);
      }
      assertEquals(f1 / labels.size(), figures.get("macro_f1").asDouble(), 1e-4, which[0] + " macro-F1");
      long diagonal = 0;
      for (int c = 0; c < labels.size(); c++) {
        diagonal += figures.get("confusion_matrix").get(c).get(c).asLong();
      }
      assertEquals(Math.round(mllib.accuracy() * 32), diagonal);
      assertEquals(2, figures.get("cross_validation").size());
    }
    // Four genres, chance is 0.25: sentence embeddings must do far better on held-out paragraphs.
    assertTrue(summary.get("embedding").get("accuracy").asDouble() >= 0.6, summary.get("embedding").toString());
  }

  @Test
  void theSavedModelLoadsAndApplyingItPredictsEveryRowAsTheModelDoes() throws Exception {
    SparkSession spark = TestSpark.session();
    // One row loses its vector: it must come out with a status, not vanish.
    Path input = dir.resolve("apply-input");
    spark.read().parquet(embeddings.toString())
        .withColumn("embedding", when(col("id").equalTo(firstId()), lit(null)).otherwise(col("embedding")))
        .write().parquet(input.toString());
    // With and without --keep-cols: the same predictions, and the kept column after them.
    Path bulk = dir.resolve("predictions");
    CliRun apply = CliRun.of("classify", "--model", trained.resolve("model").toString(), "--input", input.toString(),
        "--output", bulk.toString());
    assertEquals(0, apply.exitCode(), apply.err());
    JsonNode applied = new ObjectMapper().readTree(apply.out());
    assertEquals(160, applied.get("rows").asInt());
    assertEquals(159, applied.get("classified").asInt());
    assertEquals(1, applied.get("null_embeddings").asInt());
    Path kept = dir.resolve("predictions-kept");
    CliRun applyKeeping = CliRun.of("classify", "--model", trained.resolve("model").toString(), "--input", input.toString(),
        "--output", kept.toString(), "--keep-cols", "label");
    assertEquals(0, applyKeeping.exitCode(), applyKeeping.err());

    Map<String, Row> expected = new HashMap<>();
    PipelineModel.load(trained.resolve("model").toString()).transform(spark.read().parquet(embeddings.toString()))
        .select("id", "predicted_label", "confidence", "probabilities").collectAsList()
        .forEach(r -> expected.put(r.getString(0), r));
    Dataset<Row> written = spark.read().parquet(bulk.toString());
    assertEquals(List.of("id", "predicted_label", "confidence", "probabilities", "status"), List.of(written.columns()));
    // The summary's counts per label, counted while writing, are those of the written rows.
    Map<String, Long> perLabel = new java.util.TreeMap<>();
    written.filter(col("predicted_label").isNotNull()).groupBy("predicted_label").count().collectAsList()
        .forEach(r -> perLabel.put(r.getString(0), r.getLong(1)));
    Map<String, Long> summarised = new java.util.TreeMap<>();
    applied.get("predicted").fields().forEachRemaining(e -> summarised.put(e.getKey(), e.getValue().asLong()));
    assertEquals(perLabel, summarised);
    assertTrue(perLabel.size() >= 2, "predictions of several labels: " + perLabel);
    Dataset<Row> writtenKept = spark.read().parquet(kept.toString());
    assertEquals(List.of("id", "predicted_label", "confidence", "probabilities", "status", "label"), List.of(writtenKept.columns()));
    Map<String, List<Object>> keptById = new HashMap<>();
    writtenKept.collectAsList().forEach(r -> keptById.put(r.getString(0), List.of(String.valueOf(r.get(1)),
        String.valueOf(r.get(2)), String.valueOf(r.get(3)), r.getString(4))));
    Map<String, List<Object>> bulkById = new HashMap<>();
    written.collectAsList().forEach(r -> bulkById.put(r.getString(0), List.of(String.valueOf(r.get(1)),
        String.valueOf(r.get(2)), String.valueOf(r.get(3)), r.getString(4))));
    assertEquals(keptById, bulkById, "the same predictions with and without kept columns");
    for (Row r : written.collectAsList()) {
      String id = r.getString(0);
      if (id.equals(firstId())) {
        assertNull(r.get(1));
        assertNull(r.get(3));
        assertEquals("null_embedding", r.getString(4));
        continue;
      }
      Row model = expected.get(id);
      assertEquals(model.getString(1), r.getString(1), id);
      assertEquals(model.getDouble(2), r.getDouble(2), 1e-12, id);
      assertEquals(model.<String, Double>getJavaMap(3), r.<String, Double>getJavaMap(3), id);
      assertEquals("ok", r.getString(4));
      Map<String, Double> p = r.getJavaMap(3);
      assertEquals(4, p.size());
      assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
      assertEquals(p.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), r.getDouble(2), 0.0);
      assertEquals(p.get(r.getString(1)), r.getDouble(2), 0.0);
    }
  }

  private static String firstId() {
    return TestSpark.session().read().parquet(embeddings.toString()).orderBy("id").first().getAs("id");
  }

  @Test
  void applyingToADayWithNoRowsOrNoVectorsWritesTheirStatuses() throws Exception {
    // A nightly chain classifies what embed wrote; a quiet day writes no rows, or null texts only.
    SparkSession spark = TestSpark.session();
    Path empty = dir.resolve("apply-empty");
    spark.read().parquet(embeddings.toString()).limit(0).write().parquet(empty.toString());
    Path nulls = dir.resolve("apply-nulls");
    spark.read().parquet(embeddings.toString()).limit(3).withColumn("embedding", lit(null).cast("array<float>"))
        .write().parquet(nulls.toString());
    for (Path input : List.of(empty, nulls)) {
      Path out = dir.resolve(input.getFileName() + "-out");
      CliRun apply = CliRun.of("classify", "--model", trained.resolve("model").toString(), "--input", input.toString(),
          "--output", out.toString());
      assertEquals(0, apply.exitCode(), apply.err());
      JsonNode applied = new ObjectMapper().readTree(apply.out());
      long rows = input == empty ? 0 : 3;
      assertEquals(rows, applied.get("rows").asLong());
      assertEquals(rows, applied.get("null_embeddings").asLong());
      assertEquals(0, applied.get("classified").asLong());
      Dataset<Row> written = spark.read().parquet(out.toString());
      assertEquals(List.of("id", "predicted_label", "confidence", "probabilities", "status"), List.of(written.columns()));
      assertEquals(rows, written.filter(col("status").equalTo("null_embedding")).count());
      assertEquals(rows, written.count());
    }
  }

  @Test
  void applyingToAnotherModelsEmbeddingsIsAOneLineError() {
    Path input = dir.resolve("other-model");
    TestSpark.session().read().parquet(embeddings.toString()).withColumn("model", lit("bge-small-en-v1.5@dacea9341a3e"))
        .write().parquet(input.toString());
    CliRun run = CliRun.of("classify", "--model", trained.resolve("model").toString(), "--input", input.toString(),
        "--output", dir.resolve("never").toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.errorLine().matches("spark-embed: error: input .* was embedded by bge-small-en-v1\\.5@dacea9341a3e; the "
        + "classifier was trained on all-minilm-l6-v2@\\w+ vectors \\(re-embed the input with that model\\)"), run.errorLine());
  }

  @Test
  void thePipelineTrainsAClassifierFromItsClassifySection() throws Exception {
    Path corpus = dir.resolve("brown.jsonl");
    Path config = Files.writeString(dir.resolve("pipeline.json"), """
        {"output": "%s", "embed": {"input": "%s"},
         "classify": {"folds": 3, "reg-params": [0.1], "max-iter": 20}}
        """.formatted(dir.resolve("pipeline"), corpus));
    CliRun run = CliRun.of("pipeline", "--config", config.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode pipeline = new ObjectMapper().readTree(run.out());
    assertEquals(32, pipeline.get("classify").get("test_rows").asInt());
    assertTrue(Files.exists(dir.resolve("pipeline/classifier/model/metadata")));
    assertTrue(Files.readString(dir.resolve("pipeline/classifier-report.html")).contains("Classifier: 4 classes"));
  }
}
