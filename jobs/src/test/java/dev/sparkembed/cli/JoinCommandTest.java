package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.JoinSummary;
import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** join and dedup through the CLI, on real files and a real SparkSession. */
class JoinCommandTest {

  @TempDir Path dir;
  private static SparkSession spark;
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType)
      .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true);

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void semanticSearchMatchesQuestionsToTheirAnswers() throws IOException {
    Path faq = Files.write(dir.resolve("faq.jsonl"), List.of(
        "{\"id\":\"reset\",\"text\":\"To reset your password, click 'Forgot password' on the sign-in page and follow the emailed link.\"}",
        "{\"id\":\"refund\",\"text\":\"Refunds are issued to the original payment method within 5 business days of receiving the return.\"}",
        "{\"id\":\"shipping\",\"text\":\"Standard shipping takes 3 to 7 days; express delivery arrives the next business day.\"}",
        "{\"id\":\"cancel\",\"text\":\"You can cancel your subscription at any time from the Billing section of your account settings.\"}",
        "{\"id\":\"hours\",\"text\":\"Our support team is available Monday to Friday from 9am to 6pm.\"}"));
    Path questions = Files.write(dir.resolve("questions.jsonl"), List.of(
        "{\"id\":\"q1\",\"text\":\"I forgot my login, how do I get back into my account?\"}",
        "{\"id\":\"q2\",\"text\":\"When will I get my money back after returning an item?\"}",
        "{\"id\":\"q3\",\"text\":\"How long does delivery take?\"}",
        "{\"id\":\"q4\",\"text\":\"How do I stop my plan?\"}",
        "{\"id\":\"q5\",\"text\":\"What time can I call customer service?\"}"));
    assertEquals(0, CliRun.of("embed", "--input", faq.toString(), "--output", dir.resolve("faq-emb").toString()).exitCode());
    assertEquals(0, CliRun.of("embed", "--input", questions.toString(), "--output", dir.resolve("q-emb").toString()).exitCode());

    CliRun join = CliRun.of("join", "--left", dir.resolve("q-emb").toString(), "--right", dir.resolve("faq-emb").toString(),
        "--k", "3", "--output", dir.resolve("matches").toString());
    assertEquals(0, join.exitCode(), join.err());
    JoinSummary summary = JoinSummary.fromJson(join.out().strip());
    assertEquals(15, summary.pairs());
    assertEquals(384, summary.dimension());
    assertEquals(0, summary.normalized(), "embed outputs are unit vectors");
    Map<String, String> top = new HashMap<>();
    for (Row row : spark.read().parquet(dir.resolve("matches").toString()).filter("rank = 1").collectAsList()) {
      top.put(row.getAs("left_id"), row.getAs("right_id"));
    }
    assertEquals(Map.of("q1", "reset", "q2", "refund", "q3", "shipping", "q4", "cancel", "q5", "hours"), top);
  }

  @Test
  void selfJoinWithIvfReportsRecallAndCountsNullsAndUnnormalisedVectors() throws IOException {
    List<Row> rows = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 400; i++) {
      List<Float> v = new ArrayList<>();
      for (int d = 0; d < 16; d++) {
        v.add((float) random.nextGaussian() * (i < 10 ? 3 : 1)); // not unit length
      }
      rows.add(RowFactory.create("d" + i, i % 50 == 0 ? null : v));
    }
    Path input = dir.resolve("emb");
    spark.createDataFrame(rows, SCHEMA).write().parquet(input.toString());
    CliRun run = CliRun.of("join", "--left", input.toString(), "--k", "5", "--method", "ivf", "--recall-sample", "50",
        "--output", dir.resolve("pairs").toString());
    assertEquals(0, run.exitCode(), run.err());
    JoinSummary summary = JoinSummary.fromJson(run.out().strip());
    assertTrue(summary.selfJoin());
    assertEquals(392, summary.leftRows());
    assertEquals(8, summary.leftNullEmbeddings());
    assertEquals(392, summary.normalized(), "gaussian vectors are not unit length");
    assertNotNull(summary.recall());
    assertTrue(summary.recall() > 0.5 && summary.recall() <= 1.0, "recall " + summary.recall());
    assertEquals(40, summary.lists(), "2 sqrt(392) lists by default");
    List<Row> pairs = spark.read().parquet(dir.resolve("pairs").toString()).collectAsList();
    pairs.forEach(p -> assertFalse(p.getString(0).equals(p.getString(1)), "self pair"));
    assertEquals(summary.pairs(), pairs.size());
  }

  @Test
  void lshIsThresholdBasedAndExcludesSelfPairs() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      float a = (float) (i * Math.PI / 60); // points on a quarter circle: close neighbours score high
      rows.add(RowFactory.create("p" + i, List.of((float) Math.cos(a), (float) Math.sin(a))));
    }
    Path input = dir.resolve("emb");
    spark.createDataFrame(rows, SCHEMA).write().parquet(input.toString());
    CliRun run = CliRun.of("join", "--left", input.toString(), "--threshold", "0.99", "--method", "lsh",
        "--output", dir.resolve("pairs").toString());
    assertEquals(0, run.exitCode(), run.err());
    List<Row> pairs = spark.read().parquet(dir.resolve("pairs").toString()).collectAsList();
    assertTrue(pairs.size() >= 20, "LSH finds most neighbour pairs on this easy set: " + pairs.size());
    for (Row p : pairs) {
      assertTrue(p.getFloat(2) >= 0.99f);
      assertFalse(p.getString(0).equals(p.getString(1)));
    }
    // The left side named again as the right (here spelled with a trailing slash) is a self-join,
    // as one table on both sides of similarity_join is: each row's best match was itself.
    CliRun named = CliRun.of("join", "--left", input.toString(), "--right", input + "/", "--k", "1",
        "--output", dir.resolve("pairs-named").toString());
    assertEquals(0, named.exitCode(), named.err());
    assertTrue(JoinSummary.fromJson(named.out().strip()).selfJoin());
    List<Row> best = spark.read().parquet(dir.resolve("pairs-named").toString()).collectAsList();
    assertEquals(30, best.size());
    best.forEach(p -> assertFalse(p.getString(0).equals(p.getString(1)), "self pair " + p));
  }

  @Test
  void dedupGroupsConnectedNearDuplicates() throws IOException {
    // a-b and b-c are near-duplicates (a-c is not, but they still share a group); d-e; f alone.
    List<Row> rows = List.of(
        vector("a", 0.00), vector("b", 0.10), vector("c", 0.20), vector("d", 1.20), vector("e", 1.25), vector("f", 2.5),
        RowFactory.create("g", null));
    Path input = dir.resolve("emb");
    spark.createDataFrame(rows, SCHEMA).write().parquet(input.toString());
    CliRun run = CliRun.of("dedup", "--input", input.toString(), "--threshold", "0.994", "--output", dir.resolve("groups").toString());
    assertEquals(0, run.exitCode(), run.err());
    Map<String, Row> byId = new HashMap<>();
    spark.read().parquet(dir.resolve("groups").toString()).collectAsList().forEach(r -> byId.put(r.getAs("id"), r));
    assertEquals(7, byId.size(), "every input row has a group, a null embedding too");
    for (String id : List.of("a", "b", "c")) {
      assertEquals("a", byId.get(id).getAs("group_id"));
      assertEquals(3L, (long) byId.get(id).getAs("group_size"));
    }
    assertEquals("d", byId.get("e").getAs("group_id"));
    assertEquals("f", byId.get("f").getAs("group_id"));
    assertTrue((boolean) byId.get("a").getAs("is_representative"));
    assertFalse((boolean) byId.get("b").getAs("is_representative"));
    String summary = run.out();
    assertTrue(summary.contains("\"groups\":4") && summary.contains("\"duplicate_groups\":2")
        && summary.contains("\"largest_group\":3") && summary.contains("\"null_embeddings\":1"), summary);
  }

  @Test
  void joinAndDedupSkipAndCountRowsWithoutAnIdAndCountRepeatedIds() throws IOException {
    List<Row> rows = List.of(vector("a", 0.00), vector("b", 0.05), RowFactory.create(null, List.of(1f, 0f, 0f)),
        RowFactory.create(null, null), vector("c", 2.0), vector("a", 1.0));
    Path input = dir.resolve("null-ids");
    spark.createDataFrame(rows, SCHEMA).write().parquet(input.toString());
    for (String method : List.of("exact", "ivf")) {
      CliRun join = CliRun.of("join", "--left", input.toString(), "--k", "1", "--method", method,
          "--output", dir.resolve("pairs-" + method).toString());
      assertEquals(0, join.exitCode(), join.err());
      JoinSummary summary = JoinSummary.fromJson(join.out().strip());
      assertEquals(4, summary.leftRows());
      assertEquals(2, summary.leftNullIds());
      assertEquals(1, summary.leftRepeatedIds(), "the two rows of 'a' share one top-k list");
      assertEquals(3, summary.pairs(), method);
    }
    CliRun dedup = CliRun.of("dedup", "--input", input.toString(), "--threshold", "0.99", "--output", dir.resolve("groups").toString());
    assertEquals(0, dedup.exitCode(), dedup.err());
    assertTrue(dedup.out().contains("\"null_ids\":2") && dedup.out().contains("\"repeated_ids\":1")
        && dedup.out().contains("\"rows\":3"), "one row per id: " + dedup.out());
    assertEquals(0, spark.read().parquet(dir.resolve("groups").toString()).filter("id is null").count());
  }

  @Test
  void aSideWithNoRowsOrNoVectorsJoinsToNoPairs() throws IOException {
    // Today's new questions against the FAQ: on a quiet day the left side is empty, or all null texts.
    Path faq = dir.resolve("faq");
    spark.createDataFrame(List.of(vector("a", 0.0), vector("b", 1.0)), SCHEMA).write().parquet(faq.toString());
    Path empty = dir.resolve("empty");
    spark.createDataFrame(List.<Row>of(), SCHEMA).write().parquet(empty.toString());
    Path nulls = dir.resolve("nulls");
    spark.createDataFrame(List.of(RowFactory.create("q1", null), RowFactory.create("q2", null)), SCHEMA)
        .write().parquet(nulls.toString());
    for (String method : List.of("exact", "ivf", "lsh")) {
      for (Path left : List.of(empty, nulls)) {
        Path out = dir.resolve("pairs-" + left.getFileName() + "-" + method);
        CliRun join = CliRun.of("join", "--left", left.toString(), "--right", faq.toString(), "--k", "1", "--method", method,
            "--output", out.toString());
        assertEquals(0, join.exitCode(), join.err());
        JoinSummary summary = JoinSummary.fromJson(join.out().strip());
        assertEquals(0, summary.pairs());
        assertEquals(0, summary.leftRows());
        assertEquals(left == nulls ? 2 : 0, summary.leftNullEmbeddings());
        assertEquals(2, summary.rightRows());
        assertEquals(3, summary.dimension(), "from the side with vectors");
        assertEquals(List.of("left_id", "right_id", "score", "rank"), List.of(spark.read().parquet(out.toString()).columns()));
      }
      CliRun self = CliRun.of("join", "--left", empty.toString(), "--k", "1", "--method", method,
          "--output", dir.resolve("self-" + method).toString());
      assertEquals(0, self.exitCode(), self.err());
      assertEquals(null, JoinSummary.fromJson(self.out().strip()).dimension(), "no vector anywhere: no dimension");
    }
    CliRun dedup = CliRun.of("dedup", "--input", nulls.toString(), "--threshold", "0.9", "--output", dir.resolve("groups-nulls").toString());
    assertEquals(0, dedup.exitCode(), dedup.err());
    assertTrue(dedup.out().contains("\"rows\":2,") && dedup.out().contains("\"null_embeddings\":2")
        && dedup.out().contains("\"groups\":2,"), "each id a group of one: " + dedup.out());
  }

  @Test
  void aMissingIdColumnOrAnEmbeddingColumnThatHoldsNoVectorsIsOneLine() {
    Path input = dir.resolve("with-text");
    spark.createDataFrame(List.of(RowFactory.create("a", List.of(1f, 0f, 0f), "first"),
            RowFactory.create("b", List.of(0f, 1f, 0f), "second")),
        SCHEMA.add("text", DataTypes.StringType)).write().parquet(input.toString());
    // Before: Spark's UNRESOLVED_COLUMN with a plan, exit 1; and a ClassCastException from the Parquet reader.
    expect("left input " + input + " has no column 'doc_id' (columns: id, embedding, text)",
        "join", "--left", input.toString(), "--k", "1", "--id-col", "doc_id", "--output", dir.resolve("never").toString());
    CliRun text = CliRun.of("join", "--left", input.toString(), "--k", "1", "--embedding-col", "text",
        "--output", dir.resolve("never").toString());
    assertEquals(2, text.exitCode(), text.err());
    assertTrue(text.errorLine().matches("spark-embed: error: cannot read left input " + java.util.regex.Pattern.quote(input.toString())
        + " as an embed output: column 'text' in .*\\.parquet is not an array of numbers"), text.errorLine());
  }

  @Test
  void vectorsOfDifferentLengthsInOneInputAreRefused() {
    // No model column to tell them apart: two embed outputs read as one through a glob, say.
    Path mixed = dir.resolve("mixed");
    spark.createDataFrame(List.of(vector("a", 0.0), RowFactory.create("b", List.of(0.6f, 0.8f, 0f, 0f))), SCHEMA)
        .coalesce(1).write().parquet(mixed.toString());
    CliRun join = CliRun.of("join", "--left", mixed.toString(), "--k", "1", "--output", dir.resolve("never").toString());
    assertEquals(2, join.exitCode(), join.err());
    assertEquals("spark-embed: error: left input " + mixed + " holds vectors of different lengths, from 3 to 4 "
        + "(embeddings of different models?)", join.errorLine());
    CliRun dedup = CliRun.of("dedup", "--input", mixed.toString(), "--threshold", "0.9", "--output", dir.resolve("never").toString());
    assertEquals(2, dedup.exitCode(), dedup.err());
    assertTrue(dedup.errorLine().endsWith(" holds vectors of different lengths, from 3 to 4 (embeddings of different models?)"),
        dedup.errorLine());
  }

  @Test
  void joiningVectorsOfDifferentModelsIsRefusedUnlessAllowed() throws IOException {
    // MiniLM and BGE are both 384-d (here 3-d stand-ins): only the model labels tell them apart.
    StructType withModel = SCHEMA.add("model", DataTypes.StringType);
    Path minilm = dir.resolve("minilm");
    Path bge = dir.resolve("bge");
    spark.createDataFrame(List.of(RowFactory.create("q", List.of(1f, 0f, 0f), "all-minilm-l6-v2@b0ee516a30d1")), withModel)
        .write().parquet(minilm.toString());
    spark.createDataFrame(List.of(RowFactory.create("d", List.of(1f, 0f, 0f), "bge-small-en-v1.5@0123456789ab")), withModel)
        .write().parquet(bge.toString());
    expect("left input was embedded with all-minilm-l6-v2@b0ee516a30d1 but right input with bge-small-en-v1.5@0123456789ab; "
        + "their similarities mean nothing (pass --allow-model-mismatch to join them anyway)",
        "join", "--left", minilm.toString(), "--right", bge.toString(), "--k", "1", "--output", dir.resolve("refused").toString());
    CliRun allowed = CliRun.of("join", "--left", minilm.toString(), "--right", bge.toString(), "--k", "1",
        "--allow-model-mismatch", "--output", dir.resolve("allowed").toString());
    assertEquals(0, allowed.exitCode(), allowed.err());
    JoinSummary summary = JoinSummary.fromJson(allowed.out().strip());
    assertEquals("all-minilm-l6-v2@b0ee516a30d1", summary.leftModel());
    assertEquals("bge-small-en-v1.5@0123456789ab", summary.rightModel());

    Path mixed = dir.resolve("mixed");
    spark.read().parquet(minilm.toString()).union(spark.read().parquet(bge.toString())).write().parquet(mixed.toString());
    expect("left input mixes 2 model labels (all-minilm-l6-v2@b0ee516a30d1; bge-small-en-v1.5@0123456789ab); embed it "
        + "again with one model and prefix (pass --allow-model-mismatch to join them anyway)",
        "dedup", "--input", mixed.toString(), "--threshold", "0.9", "--output", dir.resolve("mixed-groups").toString());
  }

  @Test
  void badJoinInputsFailBeforeAnySparkJob() throws IOException {
    Path left = dir.resolve("left");
    Path right = dir.resolve("right");
    spark.createDataFrame(List.of(RowFactory.create("x", List.of(1f, 0f))), SCHEMA).write().parquet(left.toString());
    spark.createDataFrame(List.of(RowFactory.create("y", List.of(1f, 0f, 0f))), SCHEMA).write().parquet(right.toString());
    String out = dir.resolve("out").toString();
    int jobs = TestSpark.jobsStarted();
    expect("dimension mismatch: left " + left + " has 2-dimensional embeddings, right " + right + " has 3",
        "join", "--left", left.toString(), "--right", right.toString(), "--k", "1", "--output", out);
    expect("--k must be positive, got 0", "join", "--left", left.toString(), "--k", "0", "--output", out);
    expect("--threshold must be within [-1, 1], got 1.5", "join", "--left", left.toString(), "--threshold", "1.5", "--output", out);
    expect("give --k, --threshold or both", "join", "--left", left.toString(), "--output", out);
    expect("bad method 'hnsw' (expected exact, ivf, lsh)", "join", "--left", left.toString(), "--k", "3", "--method", "hnsw", "--output", out);
    expect("left input " + dir.resolve("nope") + " does not exist", "join", "--left", dir.resolve("nope").toString(), "--k", "3", "--output", out);
    expect("--threshold is required", "dedup", "--input", left.toString(), "--output", out);
    // Before: merge replaced the output as overwrite does, silently.
    String merge = "--mode merge upserts embeddings into a Delta or Iceberg table, which only embed does; this command"
        + " writes its output whole: --mode overwrite replaces it";
    expect(merge, "join", "--left", left.toString(), "--k", "1", "--output", out, "--mode", "merge");
    expect(merge, "dedup", "--input", left.toString(), "--threshold", "0.9", "--output", out, "--mode", "merge");
    expect(merge, "cluster", "--input", left.toString(), "--k", "2", "--output", out, "--mode", "merge");
    expect(merge, "classify", "--model", left.toString(), "--input", left.toString(), "--output", out, "--mode", "merge");
    assertEquals(jobs, TestSpark.jobsStarted(), "no Spark job ran");
  }

  private static Row vector(String id, double angle) {
    return RowFactory.create(id, List.of((float) Math.cos(angle), (float) Math.sin(angle), 0f));
  }

  private static void expect(String message, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("spark-embed: error: " + message, run.errorLine());
    assertEquals(1, run.messages().strip().lines().count(), run.err());
  }
}
