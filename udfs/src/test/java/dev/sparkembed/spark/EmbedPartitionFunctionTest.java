package dev.sparkembed.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mapPartitions stage on a real local SparkSession. */
class EmbedPartitionFunctionTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("udfs-test")
        .config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aPrefixIsPutBeforeEveryTextAndRecordedInTheLabel() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    Dataset<Row> input = spark.createDataFrame(List.of(RowFactory.create("a", "how do I reset my password"),
        RowFactory.create("b", null)), schema);
    String files = ModelCache.get("all-minilm-l6-v2", 1).files().label();
    ModelLabel label = new ModelLabel(files, "query: ");
    List<Row> output = input.mapPartitions(
        new EmbedPartitionFunction("all-minilm-l6-v2", label, EmbedSettings.DEFAULTS, 1, null),
        Encoders.row(EmbedColumns.appendTo(schema))).orderBy("id").collectAsList();
    EmbeddedText[] expected;
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS)) {
      expected = embedder.embed(new String[] {"query: how do I reset my password"});
    }
    List<Float> got = output.get(0).getList(2);
    float[] vector = new float[got.size()];
    for (int d = 0; d < vector.length; d++) {
      vector[d] = got.get(d);
    }
    assertArrayEquals(expected[0].embedding(), vector, 1e-6f, "the embedding of prefix + text");
    assertEquals(expected[0].nTokens(), output.get(0).<Integer>getAs("n_tokens"));
    assertEquals(files + " prefix=\"query: \"", output.get(0).getAs("model"));
    assertEquals(label, ModelLabel.parse(output.get(0).getAs("model")));
    assertEquals("null_text", output.get(1).getAs("status"), "a null text stays null, prefix or not");
  }

  @Test
  void rowsKeepTheirOrderAndEachGetsItsOwnEmbedding() {
    // Lengths vary so that length-sorted batches would scramble rows if order were not restored.
    List<Row> rows = new ArrayList<>();
    String[] texts = new String[300];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = i % 17 == 0 ? null : ("word" + i + " ").repeat(1 + (i * 7919) % 40);
      rows.add(RowFactory.create((long) i, texts[i]));
    }
    StructType schema = new StructType().add("seq", DataTypes.LongType).add("text", DataTypes.StringType);
    Dataset<Row> input = spark.createDataFrame(rows, schema).repartition(6).sortWithinPartitions("seq");
    List<Row> inputOrder = input.collectAsList();

    String label = ModelCache.get("all-minilm-l6-v2", 1).files().label();
    int loadsBefore = ModelCache.loads();
    // Small windows and batches: many windows per partition, many batches per window.
    EmbedSettings settings = new EmbedSettings(4, 2_000, 25, 1);
    List<Row> output = input.mapPartitions(
        new EmbedPartitionFunction("all-minilm-l6-v2", new ModelLabel(label, ""), settings, 1, null),
        Encoders.row(EmbedColumns.appendTo(schema))).collectAsList();
    assertEquals(loadsBefore, ModelCache.loads(), "six tasks, no new model load");

    assertEquals(inputOrder.size(), output.size());
    EmbeddedText[] expected;
    try (TextEmbedder oneAtATime = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), new EmbedSettings(1, 1, 1, 1))) {
      expected = oneAtATime.embed(texts);
    }
    for (int i = 0; i < output.size(); i++) {
      Row out = output.get(i);
      long seq = out.getLong(0);
      assertEquals(inputOrder.get(i).getLong(0), seq, "row order within partitions");
      EmbeddedText want = expected[(int) seq];
      assertEquals(want.status(), out.getAs("status"));
      assertEquals(label, out.getAs("model"));
      if (want.embedding() == null) {
        assertTrue(out.isNullAt(out.fieldIndex("embedding")));
      } else {
        List<Float> got = out.getList(out.fieldIndex("embedding"));
        float[] gotArray = new float[got.size()];
        for (int d = 0; d < gotArray.length; d++) {
          gotArray[d] = got.get(d);
        }
        assertArrayEquals(want.embedding(), gotArray, 1e-6f, "embedding of row " + seq);
        assertEquals(want.nTokens(), out.<Integer>getAs("n_tokens"));
      }
    }
  }
}
