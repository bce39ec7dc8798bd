package dev.sparkembed.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.EmbeddedText;
import dev.sparkembed.embed.TextEmbedder;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.ModelLocator;
import dev.sparkembed.similarity.JoinMethods;
import dev.sparkembed.similarity.JoinOptions;
import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.spark.SentenceEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions on a real local session (found through the service file, as a user's session
 * would find them), each against the library path it must equal: {@link TextEmbedder} for vectors,
 * brute-force cosines for search, {@link dev.sparkembed.similarity.JoinMethod} for joins.
 */
class SqlFunctionsTest {

  private static final String MODEL = "all-minilm-l6-v2";
  private static final String[] TEXTS = {
      "How do I reset my password?", "Forgot the password for my account", "The train to Berlin leaves at noon",
      "Trains to Munich are delayed today", "Bake the bread for forty minutes", "A recipe for sourdough bread",
      "Password reset links expire after an hour", "Which platform does the Berlin train use?", null,
      "Knead the dough until it is smooth", "How to change the account email", "Delays on the railway network"};
  private static SparkSession spark;
  private static Map<Integer, float[]> library;

  @BeforeAll
  static void start() {
    // No silent fallback to interpretation: generated code that does not compile fails the query.
    spark = SparkSession.builder().master("local[2]").appName("sql-functions-test").config("spark.ui.enabled", "false")
        .config("spark.sql.codegen.fallback", "false").getOrCreate();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.length; i++) {
      rows.add(RowFactory.create(i, TEXTS[i], "t" + (i % 3)));
    }
    spark.createDataFrame(rows, new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType)
        .add("topic", DataTypes.StringType)).createOrReplaceTempView("docs");
    library = new HashMap<>();
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get(MODEL, 1), EmbedSettings.DEFAULTS)) {
      EmbeddedText[] embedded = embedder.embed(TEXTS);
      for (int i = 0; i < TEXTS.length; i++) {
        library.put(i, embedded[i].embedding());
      }
    }
    spark.sql("SELECT * FROM embed_table('docs', 'text')").cache().createOrReplaceTempView("docs_embedded");
    // As Parquet gives them back: elements that may be null.
    spark.sql("SELECT id, CAST(embedding AS ARRAY<FLOAT>) AS embedding, model, text FROM docs_embedded")
        .createOrReplaceTempView("docs_read_back");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static float[] floats(Row row, String column) {
    List<Float> values = row.getList(row.fieldIndex(column));
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static float[] embedOne(String text) {
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get(MODEL, 1), EmbedSettings.DEFAULTS)) {
      return embedder.embed(new String[] {text})[0].embedding();
    }
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(aa * bb);
  }

  private static AnalysisException analysisError(String sql, String expectedPart) {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(sql).collectAsList(), sql);
    String message = e.getMessage();
    assertTrue(message.contains(expectedPart), "'" + message + "' should contain '" + expectedPart + "'");
    assertFalse(message.strip().contains("\n"), "one line: " + message);
    return e;
  }

  @Test
  void functionsAreFoundThroughTheServiceFiles() {
    List<String> listed = spark.sql("SHOW FUNCTIONS").collectAsList().stream().map(r -> r.getString(0)).toList();
    for (String name : List.of("embed", "cosine_similarity")) {
      assertTrue(listed.contains(name), name + " in SHOW FUNCTIONS");
    }
    assertTrue(ServiceLoader.load(SparkSessionExtensionsProvider.class).stream()
        .anyMatch(p -> p.type() == SparkEmbedExtensions.class));
    // Spark Connect's ML API accepts only stages listed in this service file.
    assertTrue(ServiceLoader.load(Transformer.class).stream().anyMatch(p -> p.type() == SentenceEmbedder.class));
    assertTrue(ServiceLoader.load(org.apache.spark.ml.Estimator.class).stream()
        .anyMatch(p -> p.type() == dev.sparkembed.classify.EmbeddingClassifier.class));
    String described = spark.sql("DESCRIBE FUNCTION semantic_search").collectAsList().toString();
    assertTrue(described.contains("semantic_search(embeddings_table, query_text, k"), described);
  }

  @Test
  void embedEqualsTheLibraryRowByRow() {
    List<Row> rows = spark.sql("SELECT id, embed(text) AS v, embed(text, 'all-minilm-l6-v2', 'query: ') AS q "
        + "FROM docs ORDER BY id").collectAsList();
    assertEquals(TEXTS.length, rows.size());
    for (Row row : rows) {
      int id = row.getInt(0);
      if (TEXTS[id] == null) {
        assertTrue(row.isNullAt(1) && row.isNullAt(2), "a null text has a null embedding");
        continue;
      }
      assertArrayEquals(library.get(id), floats(row, "v"), 1e-6f, "id " + id);
      assertArrayEquals(embedOne("query: " + TEXTS[id]), floats(row, "q"), 1e-6f, "prefixed, id " + id);
    }
  }

  @Test
  void aConstantTextIsEmbeddedOnceWhileTheQueryIsAnalysed() {
    Dataset<Row> query = spark.sql("SELECT id, embed('train delays') AS q FROM range(5000)");
    String optimized = query.queryExecution().optimizedPlan().toString();
    assertFalse(optimized.contains("embed"), "no per-row call left in the plan: " + optimized);
    List<Row> rows = query.collectAsList();
    assertEquals(5000, rows.size());
    assertArrayEquals(embedOne("train delays"), floats(rows.get(4999), "q"), 1e-6f);
    assertTrue(spark.sql("SELECT embed(NULL)").first().isNullAt(0));
  }

  @Test
  void cosineSimilarityEqualsAPlainComputation() {
    List<Row> rows = spark.sql("SELECT a.id, b.id, cosine_similarity(a.embedding, b.embedding) FROM docs_embedded a "
        + "CROSS JOIN docs_read_back b WHERE a.id IN (0, 2) AND b.embedding IS NOT NULL").collectAsList();
    assertEquals(2 * (TEXTS.length - 1), rows.size());
    for (Row row : rows) {
      assertEquals(cosine(library.get(row.getInt(0)), library.get(row.getInt(1))), row.getFloat(2), 1e-6);
    }
    Row special = spark.sql("SELECT cosine_similarity(array(1, 0), array(0.5D, 0.5D)), cosine_similarity(NULL, "
        + "array(1.0F)), cosine_similarity(array(0.0F), array(1.0F))").first();
    assertEquals(Math.sqrt(0.5), special.getFloat(0), 1e-6);
    assertTrue(special.isNullAt(1), "null in, null out");
    assertTrue(special.isNullAt(2), "no direction, no cosine");
    Exception e = assertThrows(Exception.class,
        () -> spark.sql("SELECT cosine_similarity(array(1.0F, 2.0F), array(1.0F))").collectAsList());
    assertTrue(String.valueOf(e.getMessage()).contains("vectors with 2 and 1 elements"), e.getMessage());
  }

  @Test
  void embedTableEqualsTheLibraryWithEveryRowAccountedFor() {
    Dataset<Row> table = spark.sql("SELECT * FROM embed_table('docs', 'text')");
    assertEquals(List.of("id", "embedding", "n_tokens", "truncated", "status", "model", "text", "topic"),
        List.of(table.columns()));
    List<Row> rows = table.orderBy("id").collectAsList();
    assertEquals(TEXTS.length, rows.size());
    String label = ModelLocator.resolve(MODEL, spark.sparkContext().hadoopConfiguration()).label();
    for (Row row : rows) {
      int id = row.getInt(0);
      assertEquals(label, row.getAs("model"));
      assertEquals(TEXTS[id], row.getAs("text"));
      assertEquals("t" + (id % 3), row.getAs("topic"));
      if (TEXTS[id] == null) {
        assertEquals("null_text", row.getAs("status"));
        assertTrue(row.isNullAt(1));
      } else {
        assertEquals("ok", row.getAs("status"));
        assertArrayEquals(library.get(id), floats(row, "embedding"), 1e-6f, "id " + id);
      }
    }
    // A TABLE argument, a query as a table and a subquery give the same rows; an id column by name.
    for (String sql : List.of("SELECT * FROM embed_table(TABLE(docs), 'text')",
        "SELECT * FROM embed_table(TABLE(SELECT * FROM docs WHERE id < 6), 'text', 'all-minilm-l6-v2')",
        "SELECT * FROM embed_table((SELECT topic AS key, text FROM docs WHERE id < 6), 'text', NULL, 'key')")) {
      List<Row> got = spark.sql(sql).collectAsList();
      assertEquals(sql.contains("id < 6") ? 6 : TEXTS.length, got.size(), sql);
      for (Row row : got) {
        int id = java.util.Arrays.asList(TEXTS).indexOf(row.<String>getAs("text"));
        if (TEXTS[id] != null) {
          assertArrayEquals(library.get(id), floats(row, "embedding"), 1e-6f, sql);
        }
      }
    }
    assertEquals("key", spark.sql("SELECT * FROM embed_table((SELECT topic AS key, text FROM docs), 'text', NULL, 'key')")
        .columns()[0]);
  }

  /**
   * Spark analyses a SQL view again on every reference, so each reference calls embed_table again;
   * CACHE TABLE ... AS SELECT over it must still serve later queries from the cache, not embed
   * every row again (it did, before embed_table gave the same plan for the same call).
   */
  @Test
  void aTableCachedFromEmbedTableIsReadFromTheCacheNotEmbeddedAgain() {
    spark.sql("CACHE TABLE docs_cached AS SELECT * FROM embed_table('docs', 'text')");
    try {
      for (String sql : List.of("SELECT id, status FROM docs_cached",
          "SELECT * FROM semantic_search('docs_cached', 'a question about rockets', 2)")) {
        String plan = spark.sql("EXPLAIN " + sql).first().getString(0);
        assertTrue(plan.contains("InMemoryTableScan"), sql + " reads the cache:\n" + plan);
        // Below InMemoryRelation the plan shows how the cache was filled; above it is what runs.
        String runs = plan.substring(0, plan.indexOf("InMemoryRelation"));
        assertFalse(runs.contains("MapPartitions"), sql + " runs no embedding:\n" + plan);
      }
      assertEquals(TEXTS.length, spark.sql("SELECT count(*) FROM docs_cached").first().getLong(0));
    } finally {
      spark.sql("UNCACHE TABLE IF EXISTS docs_cached");
      spark.sql("DROP VIEW IF EXISTS docs_cached");
    }
  }

  @Test
  void aTableCachedFromSemanticSearchIsReadFromTheCacheNotSearchedAgain() {
    spark.sql("CACHE TABLE hits_cached AS SELECT * FROM semantic_search('docs_read_back', 'a question about rockets', 2)");
    try {
      String plan = spark.sql("EXPLAIN SELECT * FROM hits_cached").first().getString(0);
      assertTrue(plan.contains("InMemoryTableScan"), "reads the cache:\n" + plan);
      String runs = plan.substring(0, plan.indexOf("InMemoryRelation"));
      assertFalse(runs.contains("cosine_similarity"), "scores nothing again:\n" + plan);
      assertEquals(2, spark.sql("SELECT count(*) FROM hits_cached").first().getLong(0));
    } finally {
      spark.sql("UNCACHE TABLE IF EXISTS hits_cached");
      spark.sql("DROP VIEW IF EXISTS hits_cached");
    }
  }

  @Test
  void semanticSearchEqualsBruteForceAndUsesTheTablesModel() {
    String question = "my password does not work";
    float[] q = embedOne(question);
    List<Integer> expected = library.entrySet().stream().filter(e -> e.getValue() != null)
        .sorted(Comparator.comparingDouble((Map.Entry<Integer, float[]> e) -> -cosine(e.getValue(), q))
            .thenComparing(Map.Entry::getKey))
        .limit(4).map(Map.Entry::getKey).toList();
    for (String sql : List.of("SELECT * FROM semantic_search('docs_embedded', '" + question + "', 4)",
        "SELECT * FROM semantic_search(TABLE(docs_embedded), '" + question + "', 4, 'all-minilm-l6-v2')",
        "SELECT * FROM semantic_search('docs_read_back', '" + question + "', 4)")) {
      Dataset<Row> found = spark.sql(sql);
      assertEquals(sql.contains("read_back") ? List.of("id", "embedding", "model", "text", "score", "rank")
          : List.of("id", "embedding", "n_tokens", "truncated", "status", "model", "text", "topic", "score", "rank"),
          List.of(found.columns()));
      List<Row> rows = found.collectAsList();
      assertEquals(expected, rows.stream().map(r -> r.getInt(0)).toList(), sql);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(i + 1, rows.get(i).<Integer>getAs("rank"));
        assertEquals(cosine(library.get(expected.get(i)), q), rows.get(i).<Float>getAs("score"), 1e-6);
      }
    }
    assertEquals(TEXTS.length - 1, spark.sql("SELECT * FROM semantic_search('docs_embedded', 'bread', 100)").count(),
        "k above the table's size: every row with a vector");
  }

  @Test
  void similarityJoinEqualsTheJoinMethods() {
    spark.sql("SELECT * FROM docs_embedded WHERE id < 6").createOrReplaceTempView("left_docs");
    for (String method : List.of("exact", "ivf")) {
      List<Row> sql = spark.sql("SELECT * FROM similarity_join('left_docs', 'docs_embedded', 3, '" + method + "')")
          .collectAsList();
      assertEquals(List.of("left_id", "right_id", "score", "rank"),
          List.of(spark.sql("SELECT * FROM similarity_join('left_docs', 'docs_embedded', 3)").columns()));
      JoinSide left = JoinSide.of(spark.table("left_docs"), "id", "embedding");
      JoinSide right = JoinSide.of(spark.table("docs_embedded"), "id", "embedding");
      List<Row> lib = JoinMethods.byName(method, JoinOptions.DEFAULTS).join(spark, left, right,
          new JoinSpec(3, null, false, JoinSpec.DEFAULT_BLOCK_ROWS)).pairs().collectAsList();
      assertEquals(keyed(lib), keyed(sql), method);
      left.release();
      right.release();
    }
    // The same table on both sides is a self-join: nobody is their own neighbour.
    List<Row> self = spark.sql("SELECT * FROM similarity_join('docs_embedded', 'docs_embedded', 2)").collectAsList();
    assertEquals(2 * (TEXTS.length - 1), self.size());
    assertTrue(self.stream().noneMatch(r -> r.getString(0).equals(r.getString(1))));
    Row best = self.stream().filter(r -> r.getString(0).equals("0") && r.getInt(3) == 1).findFirst().orElseThrow();
    assertEquals(cosine(library.get(0), library.get(Integer.parseInt(best.getString(1)))), best.getFloat(2), 1e-5);
  }

  private static Map<String, String> keyed(List<Row> pairs) {
    return pairs.stream().collect(Collectors.toMap(r -> r.getString(0) + "#" + r.getInt(3),
        r -> r.getString(1) + String.format(" %.5f", r.getFloat(2)), (a, b) -> a + "|" + b, TreeMap::new));
  }

  @Test
  void badArgumentsAreOneLineAnalysisErrors() {
    analysisError("SELECT * FROM embed_table('no_such_table', 'text')", "table or view 'no_such_table' does not exist");
    analysisError("SELECT * FROM embed_table('docs', 'body')", "text column 'body' does not exist (columns: id, text, topic)");
    analysisError("SELECT * FROM embed_table('docs', 'id')", "text column 'id' must be a string, not int");
    analysisError("SELECT * FROM embed_table('docs', 'text', 'no-such-model')", "model 'no-such-model'");
    analysisError("SELECT * FROM embed_table('docs', 'text', NULL, 'key')", "id column 'key' does not exist");
    analysisError("SELECT * FROM embed_table('docs_embedded', 'text')", "already has a column 'embedding'");
    analysisError("SELECT * FROM embed_table('docs')", "embed_table takes 2 to 5 arguments, got 1");
    analysisError("SELECT embed(id) FROM docs", "embed: text must be a string, not int");
    analysisError("SELECT embed(text, topic) FROM docs", "embed: model must be a constant string");
    analysisError("SELECT cosine_similarity(text, text) FROM docs", "a must be an array of numbers");
    analysisError("SELECT * FROM semantic_search('docs_embedded', 'bread', 0)", "k must be a positive integer, got 0");
    analysisError("SELECT * FROM semantic_search('docs_embedded', 'bread', -3)", "k must be a positive integer, got -3");
    analysisError("SELECT * FROM semantic_search('docs_embedded', 'bread', 'ten')", "k must be a constant integer");
    analysisError("SELECT * FROM semantic_search('docs_embedded', NULL, 3)", "query_text must be a constant string");
    analysisError("SELECT * FROM semantic_search('docs', 'bread', 3)", "embeddings_table's embedding column 'embedding' does not exist");
    analysisError("SELECT * FROM semantic_search('docs_embedded', 'bread', 3, 'all-minilm-l6-v2-q')",
        "but embeddings_table was embedded with all-minilm-l6-v2@");
    analysisError("SELECT * FROM similarity_join('docs_embedded', 'docs_embedded', 0)", "k must be a positive integer");
    analysisError("SELECT * FROM similarity_join('docs_embedded', 'docs_embedded', 3, 'hnsw')",
        "bad method 'hnsw' (expected exact, ivf, lsh)");
    analysisError("SELECT * FROM similarity_join('docs_embedded', 'no_such_table', 3)", "'no_such_table' does not exist");

    // Mixed models: a table whose rows two models made, and two tables of different models.
    spark.sql("SELECT * FROM embed_table('docs', 'text', 'all-minilm-l6-v2-q')").createOrReplaceTempView("docs_q");
    spark.sql("SELECT * FROM docs_embedded UNION ALL SELECT * FROM docs_q").createOrReplaceTempView("docs_mixed");
    analysisError("SELECT * FROM semantic_search('docs_mixed', 'bread', 3)", "embeddings_table mixes model labels");
    analysisError("SELECT * FROM similarity_join('docs_embedded', 'docs_q', 3)", "their similarities mean nothing");

    // Vectors of different lengths, with no model column to tell: across tables, and in one table.
    spark.sql("SELECT id, embedding FROM docs_embedded").createOrReplaceTempView("unlabelled");
    spark.sql("SELECT id, slice(embedding, 1, 3) AS embedding FROM docs_embedded").createOrReplaceTempView("three_d");
    analysisError("SELECT * FROM similarity_join('unlabelled', 'three_d', 3)",
        "left_table has 384-dimensional embeddings, right_table has 3");
    spark.sql("SELECT * FROM unlabelled UNION ALL SELECT * FROM three_d").createOrReplaceTempView("both_lengths");
    analysisError("SELECT * FROM similarity_join('both_lengths', 'both_lengths', 3)",
        "left_table holds vectors of different lengths, from 3 to 384");
  }
}
