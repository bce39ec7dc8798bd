package dev.sparkembed.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceEmbedderTest {

  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("embedder-test").config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void pipelineStageEmbedsLikeTheLibraryAndSurvivesSaveAndLoad() throws Exception {
    String[] texts = {"A pipeline stage for notebooks.", "Embeddings next to the text.", null};
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create(1, texts[0]), RowFactory.create(2, texts[1]), RowFactory.create(3, texts[2])),
        new StructType().add("n", DataTypes.IntegerType).add("body", DataTypes.StringType));
    assertEquals(EmbedSettings.DEVICE_DEFAULT, new SentenceEmbedder().getBatchSize(), "unset: the device's default");
    SentenceEmbedder stage = new SentenceEmbedder().setInputCol("body").setOutputCol("vec").setBatchSize(2);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {stage}).fit(df);
    model.write().overwrite().save(dir.resolve("pipeline").toString());
    PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline").toString());
    SentenceEmbedder loadedStage = (SentenceEmbedder) loaded.stages()[0];
    assertEquals("body", loadedStage.getInputCol());
    assertEquals("vec", loadedStage.getOutputCol());
    assertEquals(2, loadedStage.getBatchSize());
    assertEquals(stage.uid(), loadedStage.uid());

    List<Row> rows = loaded.transform(df).orderBy("n").collectAsList();
    assertEquals(List.of("n", "body", "vec", "vec_n_tokens", "vec_truncated", "vec_status", "vec_model"),
        List.of(loaded.transform(df).columns()));
    EmbeddedText[] expected;
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS)) {
      expected = embedder.embed(texts);
    }
    for (int i = 0; i < 2; i++) {
      List<Float> got = rows.get(i).getList(2);
      float[] array = new float[got.size()];
      for (int d = 0; d < array.length; d++) {
        array[d] = got.get(d);
      }
      assertArrayEquals(expected[i].embedding(), array, 1e-6f);
    }
    assertEquals("null_text", rows.get(2).getAs("vec_status"));
  }

  @Test
  void twoEmbeddersInOnePipelineAddTheirOwnColumns() {
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("Reset a password", "Open settings, then security.")),
        new StructType().add("title", DataTypes.StringType).add("text", DataTypes.StringType));
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
        new SentenceEmbedder(), // text -> embedding, n_tokens, truncated, status, model: the embed job's names
        new SentenceEmbedder().setInputCol("title").setOutputCol("title_vec").setPrefix("query: ")}).fit(df);
    Dataset<Row> out = model.transform(df);
    assertEquals(List.of("title", "text", "embedding", "n_tokens", "truncated", "status", "model",
        "title_vec", "title_vec_n_tokens", "title_vec_truncated", "title_vec_status", "title_vec_model"), List.of(out.columns()));
    Row row = out.first();
    assertEquals("ok", row.getAs("status"));
    assertEquals("ok", row.getAs("title_vec_status"));
    assertEquals(row.<String>getAs("model") + " prefix=\"query: \"", row.getAs("title_vec_model"));
  }

  @Test
  void anInputWithAnEmbeddingColumnKeepsItAndGetsTheNewOne() {
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("some text", "old vector")),
        new StructType().add("text", DataTypes.StringType).add("embedding", DataTypes.StringType));
    Dataset<Row> out = new SentenceEmbedder().setOutputCol("vec").transform(df);
    assertEquals(List.of("text", "embedding", "vec", "vec_n_tokens", "vec_truncated", "vec_status", "vec_model"),
        List.of(out.columns()));
    Row row = out.first();
    assertEquals("old vector", row.getAs("embedding"), "the input's column is untouched");
    assertEquals(384, row.getList(2).size());
    assertEquals("column 'embedding' already exists", assertThrows(IllegalArgumentException.class,
        () -> new SentenceEmbedder().transform(df)).getMessage());
  }

  @Test
  void transformDoesNotLoadTheModelOnTheDriver() throws Exception {
    // A folder model no other test loads: transform() must only read its files for the label.
    Path folder = Files.createDirectories(dir.resolve("driver-only"));
    var builtin = dev.sparkembed.model.ModelLocator.resolve("all-minilm-l6-v2", new org.apache.hadoop.conf.Configuration());
    Files.createLink(folder.resolve("model.onnx"), builtin.onnxFile());
    Files.createLink(folder.resolve("tokenizer.json"), builtin.tokenizerFile());
    Files.writeString(folder.resolve("model-card.json"),
        "{\"pooling\":\"mean\",\"normalize\":true,\"max_tokens\":256,\"dimension\":384}");
    Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create("text")), new StructType().add("text", DataTypes.StringType));
    int loads = ModelCache.loads();
    Dataset<Row> out = new SentenceEmbedder().setModel(folder.toString()).transform(df);
    assertEquals(loads, ModelCache.loads(), "no model loaded by transform()");
    assertEquals("driver-only@" + builtin.fingerprint(), out.first().getAs("model"));
    assertEquals(loads + 1, ModelCache.loads(), "loaded once, by the task");
  }

  @Test
  void schemaErrorsAreClear() {
    StructType schema = new StructType().add("n", DataTypes.IntegerType).add("text", DataTypes.StringType);
    assertEquals("input column 'body' does not exist", assertThrows(IllegalArgumentException.class,
        () -> new SentenceEmbedder().setInputCol("body").transformSchema(schema)).getMessage());
    assertEquals("input column 'n' must be a string, not int", assertThrows(IllegalArgumentException.class,
        () -> new SentenceEmbedder().setInputCol("n").transformSchema(schema)).getMessage());
    assertEquals("column 'n' already exists", assertThrows(IllegalArgumentException.class,
        () -> new SentenceEmbedder().setOutputCol("n").transformSchema(schema)).getMessage());
  }
}
