package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs into real Delta and Iceberg tables on the local file system: every scenario checks
 * the table's exact content (ids, text hashes, vectors equal to a fresh embed of the same texts)
 * and the table's versions.
 */
class TableEmbedCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void deltaNightsEmbedOnlyWhatChangedAndCommitNothingWhenNothingDid() throws IOException {
    Path table = dir.resolve("table");
    // Night 1: 30 documents, three of them with one same text.
    Map<String, String> night1 = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      night1.put("doc-" + i, "Document number " + i + " talks about topic " + (i % 7) + ".");
    }
    night1.put("doc-27", "The same text, three times.");
    night1.put("doc-28", "The same text, three times.");
    night1.put("doc-29", "The same text, three times.");
    JsonNode first = merge(table, write("night1.jsonl", night1, List.of()));
    assertEquals(30, first.get("new").asLong());
    assertEquals(28, first.get("embedded").asLong(), "three rows share one text");
    assertEquals(2, first.get("duplicates_reused").asLong());
    assertEquals(1, first.get("commits").asLong());
    assertEquals(0, first.get("table_version").asLong());
    assertTableHolds(table, night1, "all-minilm-l6-v2");

    // Night 2: 3 edits, 2 deletions, 4 insertions, one malformed line.
    Map<String, String> night2 = new LinkedHashMap<>(night1);
    night2.put("doc-1", "An edited first document.");
    night2.put("doc-2", "An edited second document.");
    night2.put("doc-3", "An edited third document.");
    night2.remove("doc-4");
    night2.remove("doc-5");
    for (int i = 30; i < 34; i++) {
      night2.put("doc-" + i, "A new document, number " + i + ".");
    }
    Path input2 = write("night2.jsonl", night2, List.of("{this line is not json"));
    JsonNode second = merge(table, input2, "--delete-missing");
    assertEquals(4, second.get("new").asLong());
    assertEquals(3, second.get("changed").asLong());
    assertEquals(0, second.get("model_changed").asLong());
    assertEquals(25, second.get("unchanged").asLong());
    assertEquals(2, second.get("deleted").asLong());
    assertEquals(7, second.get("embedded").asLong());
    assertEquals(1, second.get("rejected").asLong());
    assertEquals(night2.size() + 1, second.get("rows_read").asLong());
    assertEquals(1, second.get("commits").asLong(), "one MERGE: the embedded rows and the deletions");
    assertEquals(1, second.get("table_version").asLong());
    assertEquals(1, spark.read().parquet(table.resolve("_rejected").toString()).count());
    assertTableHolds(table, night2, "all-minilm-l6-v2");
    // The commit carries the run's counts.
    String metadata = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").filter("version = 1").first().getAs("userMetadata");
    Row mergeCommit = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").filter("version = 1").first();
    assertEquals("MERGE", mergeCommit.getAs("operation"));
    // Deletion vectors: the edited and deleted rows are marked, the 25 unchanged rows not copied.
    Map<String, String> metrics = mergeCommit.getJavaMap(mergeCommit.fieldIndex("operationMetrics"));
    assertEquals("0", metrics.get("numTargetRowsCopied"), metrics.toString());
    assertEquals("3", metrics.get("numTargetRowsUpdated"), metrics.toString());
    assertEquals("2", metrics.get("numTargetRowsDeleted"), metrics.toString());
    assertEquals("4", metrics.get("numTargetRowsInserted"), metrics.toString());
    assertEquals(3, JSON.readTree(metadata).get("changed").asLong(), metadata);

    // Night 2 again: nothing to embed, no new version.
    JsonNode again = merge(table, input2, "--delete-missing");
    assertEquals(0, again.get("embedded").asLong());
    assertEquals(0, again.get("commits").asLong());
    assertEquals(1, again.get("table_version").asLong());
    assertEquals(1L, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").agg(org.apache.spark.sql.functions.max("version"))
        .first().getLong(0));

    // Another model: every row again (an fp32 one: int8 vectors depend on the batch they were padded in).
    JsonNode other = merge(table, input2, "--model", "bge-small-en-v1.5");
    assertEquals(night2.size(), other.get("model_changed").asLong());
    assertEquals(night2.size() - 2, other.get("embedded").asLong());
    assertTableHolds(table, night2, "bge-small-en-v1.5");

    // Only deletions: nothing to embed, one MERGE.
    Map<String, String> night3 = new LinkedHashMap<>(night2);
    night3.remove("doc-6");
    JsonNode third = merge(table, write("night3.jsonl", night3, List.of()), "--model", "bge-small-en-v1.5", "--delete-missing");
    assertEquals(0, third.get("embedded").asLong());
    assertEquals(1, third.get("deleted").asLong());
    assertEquals(1, third.get("commits").asLong());
    assertTableHolds(table, night3, "bge-small-en-v1.5");
  }

  @Test
  void icebergNightsMergeByIdIntoACatalogTable() throws IOException {
    String table = TestSpark.ICEBERG_CATALOG + ".nightly.docs_" + Long.toHexString(System.nanoTime());
    Path state = dir.resolve("state");
    Map<String, String> night1 = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      night1.put("n" + i, "Iceberg night one, row " + i + ".");
    }
    JsonNode first = run(table, write("i1.jsonl", night1, List.of()), "--output-format", "iceberg", "--mode", "merge",
        "--summary-dir", state.toString(), "--keep-cols", "text");
    assertEquals(12, first.get("new").asLong());
    assertEquals(1, first.get("commits").asLong());
    Map<String, String> night2 = new LinkedHashMap<>(night1);
    night2.put("n0", "Iceberg night two, an edit.");
    night2.remove("n1");
    night2.put("n12", "Iceberg night two, a new row.");
    JsonNode second = run(table, write("i2.jsonl", night2, List.of()), "--output-format", "iceberg", "--mode", "merge",
        "--delete-missing", "--summary-dir", state.toString(), "--keep-cols", "text");
    assertEquals(1, second.get("new").asLong());
    assertEquals(1, second.get("changed").asLong());
    assertEquals(1, second.get("deleted").asLong());
    assertEquals(1, second.get("commits").asLong());
    assertEquals(second, JSON.readTree(Files.readString(state.resolve("_summary.json"))));
    assertRowsMatchFreshEmbed(spark.table(table), night2, "all-minilm-l6-v2");
    long snapshots = spark.sql("SELECT * FROM " + table + ".snapshots").count();
    JsonNode again = run(table, write("i2.jsonl", night2, List.of()), "--output-format", "iceberg", "--mode", "merge",
        "--delete-missing", "--summary-dir", state.toString(), "--keep-cols", "text");
    assertEquals(0, again.get("commits").asLong());
    assertEquals(snapshots, spark.sql("SELECT * FROM " + table + ".snapshots").count(), "no new snapshot");
    Row night2Snapshot = spark.sql("SELECT summary FROM " + table + ".snapshots ORDER BY committed_at").collectAsList().get(1);
    Map<String, String> snapshotSummary = night2Snapshot.getJavaMap(0);
    String property = snapshotSummary.get("spark-embed");
    assertEquals(1, JSON.readTree(property).get("changed").asLong(), property);
    // Merge-on-read: the edit and the deletion are delete files; no data file was rewritten.
    assertTrue(Long.parseLong(snapshotSummary.getOrDefault("added-delete-files", "0")) > 0, snapshotSummary.toString());
    assertEquals("0", snapshotSummary.getOrDefault("deleted-data-files", "0"), snapshotSummary.toString());

    // Read back by name: join and cluster take the table as they take a folder.
    CliRun join = CliRun.of("join", "--left", table, "--k", "2", "--output", dir.resolve("pairs").toString());
    assertEquals(0, join.exitCode(), join.err());
    assertEquals(night2.size() * 2L, spark.read().parquet(dir.resolve("pairs").toString()).count());
    // A table's dimension is checked once Spark reads it, on either side.
    Path small = dir.resolve("three-d");
    spark.sql("SELECT 'x' AS id, array(CAST(1 AS FLOAT), 0.0F, 0.0F) AS embedding").write().parquet(small.toString());
    CliRun mismatch = CliRun.of("join", "--left", small.toString(), "--right", table, "--k", "1",
        "--output", dir.resolve("never").toString());
    assertEquals(2, mismatch.exitCode(), mismatch.err());
    assertEquals("spark-embed: error: dimension mismatch: left " + small + " has 3-dimensional embeddings, right " + table
        + " has 384", mismatch.errorLine());
    CliRun cluster = CliRun.of("cluster", "--input", table, "--k", "2", "--output", dir.resolve("clusters").toString());
    assertEquals(0, cluster.exitCode(), cluster.err());
    assertEquals(night2.size(), JSON.readTree(cluster.out().strip()).get("rows").asLong(), cluster.out());

    // And the embed job reads a table of texts with --input-format iceberg.
    String texts = TestSpark.ICEBERG_CATALOG + ".nightly.texts_" + Long.toHexString(System.nanoTime());
    spark.sql("CREATE TABLE " + texts + " (id string, text string) USING iceberg");
    spark.sql("INSERT INTO " + texts + " VALUES ('a', 'A text in a table.'), ('b', 'Another one.'), ('c', NULL)");
    CliRun embed = CliRun.of("embed", "--input", texts, "--input-format", "iceberg", "--output",
        dir.resolve("from-iceberg").toString(), "--progress-seconds", "0");
    assertEquals(0, embed.exitCode(), embed.err());
    JsonNode embedded = JSON.readTree(embed.out().strip());
    assertEquals(3, embedded.get("rows_read").asLong(), embed.out());
    assertEquals(2, embedded.get("embedded").asLong(), embed.out());
  }

  @Test
  void theNightlyExampleReadsHiveStylePartitionsAndKeepsTheirColumn() throws IOException {
    Path raw = dir.resolve("raw");
    for (String date : List.of("2026-11-30", "2026-12-01")) {
      Files.createDirectories(raw.resolve("date=" + date));
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rows.add(org.apache.spark.sql.RowFactory.create(date + "/" + i, "A document of " + date + ", number " + i + ".", "web"));
      }
      spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType().add("doc_id", "string").add("body", "string")
          .add("source", "string")).coalesce(1).write().mode("overwrite").parquet(raw.resolve("date=" + date).toString());
    }
    Path table = dir.resolve("documents");
    Path example = Path.of(System.getProperty("user.dir")).resolve("../conf/nightly.example.json").normalize();
    JsonNode summary = run(table.toString(), raw, "--config", example.toString());
    assertEquals(10, summary.get("new").asLong());
    Map<String, String> dates = new TreeMap<>();
    spark.read().format("delta").load(table.toString()).collectAsList()
        .forEach(r -> dates.put(r.getAs("doc_id"), String.valueOf(r.<Object>getAs("date"))));
    assertEquals(10, dates.size());
    dates.forEach((id, date) -> assertEquals(id.substring(0, 10), date, id));
  }

  @Test
  void joinAndClusterReadADeltaTableAsTheyReadParquet() throws IOException {
    Path table = dir.resolve("docs");
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < 24; i++) {
      texts.put("d" + i, List.of("Cats purr on the sofa.", "Stocks fell on Monday.", "Rain is due tomorrow.").get(i % 3)
          + " Variant " + i + ".");
    }
    merge(table, write("docs.jsonl", texts, List.of()), "--keep-cols", "text");
    // Night 2 edits one text: the folder now also holds the file with the old row, which only
    // reading through Delta leaves out.
    Map<String, String> edited = new LinkedHashMap<>(texts);
    edited.put("d0", "A completely different sentence about trains.");
    merge(table, write("docs2.jsonl", edited, List.of()), "--keep-cols", "text");
    Path copy = dir.resolve("copy");
    spark.read().format("delta").load(table.toString()).write().parquet(copy.toString());

    for (Path input : List.of(table, copy)) {
      CliRun join = CliRun.of("join", "--left", input.toString(), "--k", "2", "--output",
          dir.resolve("join-" + input.getFileName()).toString());
      assertEquals(0, join.exitCode(), join.err());
    }
    CliRun cluster = CliRun.of("cluster", "--input", table.toString(), "--k", "3", "--output", dir.resolve("clusters").toString());
    assertEquals(0, cluster.exitCode(), cluster.err());
    assertEquals(24, JSON.readTree(cluster.out().strip()).get("rows").asLong(), cluster.out());
    // dedup too: the edited row's old version, still in the folder, is not a 25th row.
    CliRun dedup = CliRun.of("dedup", "--input", table.toString(), "--threshold", "0.9999", "--output",
        dir.resolve("dedup").toString());
    assertEquals(0, dedup.exitCode(), dedup.err());
    JsonNode dedupSummary = JSON.readTree(dedup.out().strip());
    assertEquals(24, dedupSummary.get("rows").asLong(), dedup.out());
    assertEquals(0, dedupSummary.get("duplicate_groups").asLong(), dedup.out());
    List<String> fromTable = spark.read().parquet(dir.resolve("join-docs").toString())
        .selectExpr("concat_ws(' ', left_id, right_id, rank, round(score, 6))").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().sorted().toList();
    List<String> fromParquet = spark.read().parquet(dir.resolve("join-copy").toString())
        .selectExpr("concat_ws(' ', left_id, right_id, rank, round(score, 6))").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList().stream().sorted().toList();
    assertEquals(48, fromTable.size());
    assertEquals(fromParquet, fromTable);
  }

  @Test
  void badNightlyInputGetsOneLineErrorsAndCommitsNothing() throws IOException {
    Path input = write("dup.jsonl", Map.of("a", "First."), List.of("{\"id\":\"a\",\"text\":\"Again a.\"}",
        "{\"id\":\"b\",\"text\":\"Bee.\"}"));
    Path table = dir.resolve("never");
    String[][] cases = {
        {"--mode merge needs a table output: --output-format delta or iceberg, not parquet", "--mode", "merge"},
        {"--delete-missing needs --mode merge", "--output-format", "delta", "--delete-missing"},
        {"--output-format iceberg needs --summary-dir PATH: a folder for _summary.json and _rejected", "--output-format",
            "iceberg", "--mode", "merge"},
        {"1 input rows repeat an id (e.g. 'a'); --mode merge upserts by id, so ids must be unique", "--output-format", "delta",
            "--mode", "merge"}};
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("embed", "--input", input.toString(), "--output", table.toString(),
          "--progress-seconds", "0"));
      args.addAll(List.of(c).subList(1, c.length));
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("spark-embed: error: " + c[0], run.errorLine());
    }
    assertTrue(!Files.exists(table.resolve("_delta_log")), "no table was created");
  }

  @Test
  void deleteMissingRefusesToEmptyATableFromAnInputWithNoRows() throws IOException {
    Path table = dir.resolve("table");
    Map<String, String> night1 = Map.of("a", "First document.", "b", "Second document.", "c", "Third document.");
    merge(table, write("night1.jsonl", night1, List.of()));
    // What a failed upstream export leaves: a folder of Parquet files with the schema and no rows.
    Path empty = dir.resolve("empty");
    spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType().add("id", "string").add("text", "string"))
        .write().parquet(empty.toString());

    CliRun run = CliRun.of("embed", "--input", empty.toString(), "--output", table.toString(), "--output-format", "delta",
        "--mode", "merge", "--delete-missing", "--progress-seconds", "0");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("spark-embed: error: input " + empty + " has no rows to merge, and --delete-missing would delete all 3 rows"
        + " of " + table + ": refusing (--mode overwrite replaces a table with what its input holds, even nothing)",
        run.errorLine());
    assertTableHolds(table, night1, "all-minilm-l6-v2");
    assertEquals(0L, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").agg(org.apache.spark.sql.functions.max("version"))
        .first().getLong(0), "nothing was committed");

    // Every record rejected is no rows either; the rejects are written for the user to read.
    Path broken = Files.write(dir.resolve("broken.csv"), List.of("id,text", "a,one,extra", "b,two,extra"));
    run = CliRun.of("embed", "--input", broken.toString(), "--output", table.toString(), "--output-format", "delta",
        "--mode", "merge", "--delete-missing", "--progress-seconds", "0");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("spark-embed: error: input " + broken + " has no rows to merge (2 rejected: see " + table + "/_rejected),"
        + " and --delete-missing would delete all 3 rows of " + table + ": refusing (--mode overwrite replaces a table with"
        + " what its input holds, even nothing)", run.errorLine());
    assertEquals(2, spark.read().parquet(table.resolve("_rejected").toString()).count());
    assertTableHolds(table, night1, "all-minilm-l6-v2");

    // Without --delete-missing the same input is a night with nothing to do; with --mode overwrite it empties the table.
    JsonNode idle = merge(table, empty);
    assertEquals(0, idle.get("commits").asLong());
    JsonNode emptied = run(table.toString(), empty, "--output-format", "delta", "--mode", "overwrite");
    assertEquals(1, emptied.get("table_version").asLong());
    assertEquals(0, spark.read().format("delta").load(table.toString()).count());
  }

  @Test
  void aRunMustWriteTheTablesColumnsAndSaysSoBeforeEmbedding() throws IOException {
    Path table = dir.resolve("table");
    Path night1 = Files.write(dir.resolve("night1.jsonl"), List.of("{\"id\":\"a\",\"text\":\"First.\",\"lang\":\"en\"}",
        "{\"id\":\"b\",\"text\":\"Second.\",\"lang\":\"en\",\"topic\":\"news\"}"));
    merge(table, night1, "--keep-cols", "lang");
    Path night2 = Files.write(dir.resolve("night2.jsonl"), List.of("{\"id\":\"a\",\"text\":\"First, edited.\",\"lang\":\"en\"}",
        "{\"id\":\"b\",\"text\":\"Second.\",\"lang\":\"en\",\"topic\":\"news\"}"));
    String[][] cases = {
        // Before: Delta's MERGE failed after the embedding, exit 1, "cannot resolve lang in UPDATE clause".
        {"table " + table + " has a column 'lang' that this run does not write: name it in --keep-cols, as the runs that"
            + " wrote the table did"},
        // Before: the MERGE left topic out, silently, exit 0.
        {"table " + table + " has no column 'topic', which this run writes (--id-col, --keep-cols): a MERGE does not add"
            + " columns; add it to the table first, or rebuild the table with --mode overwrite", "--keep-cols", "lang,topic"}};
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("embed", "--input", night2.toString(), "--output", table.toString(),
          "--output-format", "delta", "--mode", "merge", "--progress-seconds", "0"));
      args.addAll(List.of(c).subList(1, c.length));
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("spark-embed: error: " + c[0], run.errorLine());
    }
    assertEquals(0L, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").agg(org.apache.spark.sql.functions.max("version"))
        .first().getLong(0), "nothing was committed");
    JsonNode kept = merge(table, night2, "--keep-cols", "lang");
    assertEquals(1, kept.get("changed").asLong());
    assertEquals(1, kept.get("table_version").asLong());
  }

  @Test
  void aRunWhoseTypesTheTableCannotTakeIsRefusedBeforeEmbedding() throws IOException {
    Path table = dir.resolve("typed-table");
    merge(table, Files.write(dir.resolve("typed1.jsonl"), List.of("{\"id\":1,\"text\":\"First.\",\"n\":1}",
        "{\"id\":2,\"text\":\"Second.\",\"n\":2}")), "--keep-cols", "n");
    String[][] cases = {
        // Before: the comparison with the table failed on 'x3' as a bigint, exit 1, a stack trace.
        {"{\"id\":\"1\",\"text\":\"First.\",\"n\":1}\n{\"id\":\"x3\",\"text\":\"Third.\",\"n\":3}",
            "column 'id' is string in this run's input and bigint in table " + table + ": ids are matched as one type; cast it"
                + " upstream, or rebuild the table with --mode overwrite"},
        // Before: the MERGE failed writing 'b' as a bigint, after embedding, exit 1.
        {"{\"id\":1,\"text\":\"First, edited.\",\"n\":\"a\"}\n{\"id\":2,\"text\":\"Second.\",\"n\":\"b\"}",
            "column 'n' is string in this run's input and bigint in table " + table + ": a MERGE cannot store one as the"
                + " other; cast it upstream, or rebuild the table with --mode overwrite"}};
    for (String[] c : cases) {
      Path night = Files.writeString(dir.resolve("typed-night.jsonl"), c[0] + "\n");
      CliRun run = CliRun.of("embed", "--input", night.toString(), "--output", table.toString(), "--output-format", "delta",
          "--mode", "merge", "--keep-cols", "n", "--progress-seconds", "0");
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("spark-embed: error: " + c[1], run.errorLine());
    }
    assertEquals(0L, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").agg(org.apache.spark.sql.functions.max("version"))
        .first().getLong(0), "nothing was committed");
    // Numbers as other numbers are what a MERGE stores: a double column's whole values go in.
    JsonNode widened = merge(table, Files.write(dir.resolve("typed2.jsonl"), List.of("{\"id\":1,\"text\":\"First.\",\"n\":1.0}",
        "{\"id\":2,\"text\":\"Second, edited.\",\"n\":2.0}")), "--keep-cols", "n");
    assertEquals(1, widened.get("changed").asLong());
  }

  private JsonNode merge(Path table, Path input, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--output-format", "delta", "--mode", "merge"));
    args.addAll(List.of(extra));
    JsonNode summary = run(table.toString(), input, args.toArray(new String[0]));
    assertEquals(summary, JSON.readTree(Files.readString(table.resolve("_summary.json"))));
    return summary;
  }

  private JsonNode run(String output, Path input, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("embed", "--input", input.toString(), "--output", output,
        "--progress-seconds", "0"));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, run.exitCode(), run.err());
    return JSON.readTree(run.out().strip());
  }

  private void assertTableHolds(Path table, Map<String, String> texts, String model) {
    assertRowsMatchFreshEmbed(spark.read().format("delta").load(table.toString()), texts, model);
  }

  /** Ids, text hashes and vectors: the table against the texts embedded afresh by the plain embed job. */
  private void assertRowsMatchFreshEmbed(Dataset<Row> tableRows, Map<String, String> texts, String model) {
    Map<String, Row> rows = new TreeMap<>();
    tableRows.collectAsList().forEach(r -> rows.put(r.getAs("id"), r));
    assertEquals(new TreeMap<>(texts).keySet(), rows.keySet());
    Map<String, float[]> fresh = freshEmbed(texts, model);
    for (Map.Entry<String, String> text : texts.entrySet()) {
      Row row = rows.get(text.getKey());
      assertEquals(sha256(text.getValue()), row.getAs("text_sha256"), text.getKey());
      assertEquals("ok", row.getAs("status"));
      assertTrue(row.<String>getAs("model").startsWith(model + "@"), row.<String>getAs("model"));
      assertArrayEquals(fresh.get(text.getKey()), floats(row.getList(row.fieldIndex("embedding"))), text.getKey());
    }
  }

  private Map<String, float[]> freshEmbed(Map<String, String> texts, String model) {
    try {
      Path fresh = Files.createTempDirectory(dir, "fresh");
      Path input = write("fresh-" + fresh.getFileName() + ".jsonl", texts, List.of());
      CliRun run = CliRun.of("embed", "--input", input.toString(), "--output", fresh.resolve("out").toString(),
          "--model", model, "--progress-seconds", "0");
      assertEquals(0, run.exitCode(), run.err());
      Map<String, float[]> vectors = new TreeMap<>();
      spark.read().parquet(fresh.resolve("out").toString()).collectAsList()
          .forEach(r -> vectors.put(r.getAs("id"), floats(r.getList(r.fieldIndex("embedding")))));
      return vectors;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path write(String name, Map<String, String> texts, List<String> badLines) throws IOException {
    List<String> lines = new ArrayList<>();
    texts.forEach((id, text) -> lines.add(JSON.createObjectNode().put("id", id).put("text", text).toString()));
    lines.addAll(badLines);
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }
}
