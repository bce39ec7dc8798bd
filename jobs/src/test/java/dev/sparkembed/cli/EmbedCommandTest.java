package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.EmbedSummary;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embed command end to end on a real local SparkSession and real files. */
class EmbedCommandTest {

  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void jsonlWithBadRowsAccountsForEveryLineExactlyOnce() throws IOException {
    List<String> lines = List.of(
        "{\"id\":\"a\",\"text\":\"The cat sat on the mat.\",\"lang\":\"en\"}",
        "{\"id\":\"b\",\"text\":\"\"}",
        "{\"id\":\"c\",\"text\":\"   \\t  \"}",
        "{\"id\":\"d\",\"text\":null}",
        "{\"id\":\"e\"}",
        "{bad json",
        "",
        "[1,2]",
        "\"just a string\"",
        "{\"id\":\"f\",\"text\":\"Café au lait ☕ 東京\"}",
        "{\"id\":\"a\",\"text\":\"A repeated id.\"}",
        "{\"id\":\"g\",\"text\":\"" + "word ".repeat(400) + "\"}");
    Path input = write("in.jsonl", lines);
    Path output = dir.resolve("out");

    CliRun run = CliRun.of("embed", "--input", input.toString(), "--output", output.toString(), "--keep-cols", "lang");
    assertEquals(0, run.exitCode(), run.err());
    EmbedSummary summary = EmbedSummary.fromJson(run.out().strip());
    assertEquals(summary, EmbedSummary.fromJson(Files.readString(output.resolve("_summary.json")).strip()));

    assertEquals(lines.size(), summary.rowsRead());
    assertEquals(4, summary.rejected()); // malformed, blank, array, bare string
    assertEquals(6, summary.embedded()); // a, b, c, f, a again, g
    assertEquals(2, summary.nullText()); // d (null), e (no text key)
    assertEquals(1, summary.duplicateIds());
    assertEquals(1, summary.truncated());
    assertEquals(summary.rowsRead(), summary.embedded() + summary.nullText() + summary.rejected());

    List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
    assertEquals(8, rows.size());
    Row d = rows.stream().filter(r -> "d".equals(r.getAs("id"))).findFirst().orElseThrow();
    assertEquals("null_text", d.getAs("status"));
    assertTrue(d.isNullAt(d.fieldIndex("embedding")));
    Row b = rows.stream().filter(r -> "b".equals(r.getAs("id"))).findFirst().orElseThrow();
    Row c = rows.stream().filter(r -> "c".equals(r.getAs("id"))).findFirst().orElseThrow();
    assertEquals("ok", b.getAs("status"));
    assertEquals(2, (int) b.getAs("n_tokens"), "empty text is [CLS][SEP]");
    assertEquals(b.getList(b.fieldIndex("embedding")), c.getList(c.fieldIndex("embedding")), "whitespace embeds like empty text");
    Row g = rows.stream().filter(r -> "g".equals(r.getAs("id"))).findFirst().orElseThrow();
    assertTrue((boolean) g.getAs("truncated"));
    assertEquals(256, (int) g.getAs("n_tokens"));
    assertEquals(384, g.getList(g.fieldIndex("embedding")).size());
    assertTrue(((String) g.getAs("model")).startsWith("all-minilm-l6-v2@"));
    List<String> langsOfA = rows.stream().filter(r -> "a".equals(r.getAs("id"))).map(r -> (String) r.getAs("lang")).toList();
    assertEquals(2, langsOfA.size());
    assertTrue(langsOfA.contains("en") && langsOfA.contains(null), "kept column travels with its row: " + langsOfA);
    assertFalse(List.of(spark.read().parquet(output.toString()).columns()).contains("text"), "text is not kept unless asked");

    List<Row> rejected = spark.read().parquet(rejectedFiles(output)).collectAsList();
    Set<String> raw = new HashSet<>();
    rejected.forEach(r -> raw.add(r.getAs("raw")));
    assertEquals(Set.of("{bad json", "", "[1,2]", "\"just a string\""), raw);
    for (Row r : rejected) {
      String reason = r.getAs("reason");
      assertEquals(((String) r.getAs("raw")).isEmpty() ? "blank line" : "malformed JSON", reason);
      assertTrue(((String) r.getAs("file")).endsWith("in.jsonl"));
    }
  }

  @Test
  void csvMalformedRowsAreRejectedWithTheirRawText() throws IOException {
    Path input = write("in.csv", List.of(
        "id,text,topic",
        "1,\"Hello, world\",greeting",
        "2,too,many,fields",
        "3",
        "4,Goodbye,farewell"));
    Path output = dir.resolve("out");
    CliRun run = CliRun.of("embed", "--input", input.toString(), "--output", output.toString(), "--output-format", "jsonl");
    assertEquals(0, run.exitCode(), run.err());
    EmbedSummary summary = EmbedSummary.fromJson(run.out().strip());
    assertEquals(4, summary.rowsRead());
    assertEquals(2, summary.embedded());
    assertEquals(2, summary.rejected());
    List<Row> rejected = spark.read().json(rejectedFiles(output)).collectAsList();
    Set<String> raw = new HashSet<>();
    rejected.forEach(r -> raw.add(r.getAs("raw")));
    assertEquals(Set.of("2,too,many,fields", "3"), raw);
    assertEquals(Set.of("1", "4"), ids(spark.read().json(output.toString()).collectAsList()));
  }

  @Test
  void csvQuotedFieldsKeepTheirNewlinesAndQuotesInEitherEscape() throws IOException {
    // RFC 4180 (pandas, Excel, PostgreSQL): a quote in a quoted field is doubled, and a field may span lines.
    Path rfc = write("rfc.csv", List.of("id,text", "1,\"Two lines:", "the second\"", "2,\"He said \"\"hi\"\".\"",
        "3,\"a, b\""));
    Path output = dir.resolve("rfc-out");
    CliRun run = CliRun.of("embed", "--input", rfc.toString(), "--output", output.toString(), "--keep-cols", "text");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(0, EmbedSummary.fromJson(run.out().strip()).rejected());
    assertEquals(Map.of("1", "Two lines:\nthe second", "2", "He said \"hi\".", "3", "a, b"), texts(output));

    // Spark's own writer escapes with a backslash: --csv-escape backslash reads what it wrote.
    Path sparkCsv = dir.resolve("spark-csv");
    spark.createDataFrame(List.of(RowFactory.create("1", "Two lines:\nthe second"), RowFactory.create("2", "He said \"hi\".")),
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType))
        .coalesce(1).write().option("header", "true").csv(sparkCsv.toString());
    Path sparkOut = dir.resolve("spark-csv-out");
    run = CliRun.of("embed", "--input", sparkCsv.toString(), "--input-format", "csv", "--csv-escape", "backslash",
        "--output", sparkOut.toString(), "--keep-cols", "text");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(Map.of("1", "Two lines:\nthe second", "2", "He said \"hi\"."), texts(sparkOut));
  }

  private Map<String, String> texts(Path output) {
    Map<String, String> texts = new java.util.TreeMap<>();
    spark.read().parquet(output.toString()).collectAsList().forEach(r -> texts.put(r.getAs("id"), r.getAs("text")));
    return texts;
  }

  @Test
  void parquetInputAndPlainTextWithDerivedIds() throws IOException {
    StructType schema = new StructType().add("doc_id", DataTypes.LongType).add("body", DataTypes.StringType);
    List<Row> data = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      data.add(RowFactory.create(i, i % 10 == 0 ? null : "document number " + i));
    }
    Path parquet = dir.resolve("docs.parquet");
    spark.createDataFrame(data, schema).repartition(3).write().parquet(parquet.toString());
    CliRun run = CliRun.of("embed", "--input", parquet.toString(), "--id-col", "doc_id", "--text-col", "body",
        "--output", dir.resolve("out1").toString());
    assertEquals(0, run.exitCode(), run.err());
    EmbedSummary summary = EmbedSummary.fromJson(run.out().strip());
    assertEquals(40, summary.rowsRead());
    assertEquals(4, summary.nullText());
    assertEquals(0, summary.duplicateIds());

    // Plain text has no id: ids come from file name and text, with -2, -3 for repeats.
    Path text = write("lines.txt", List.of("alpha", "beta", "alpha", "", "gamma", "alpha"));
    CliRun first = CliRun.of("embed", "--input", text.toString(), "--output", dir.resolve("t1").toString());
    assertEquals(0, first.exitCode(), first.err());
    EmbedSummary textSummary = EmbedSummary.fromJson(first.out().strip());
    assertTrue(textSummary.generatedIds());
    assertEquals(6, textSummary.rowsRead());
    assertEquals(0, textSummary.duplicateIds());
    spark.conf().set("spark.sql.files.maxPartitionBytes", "8");
    try {
      CliRun second = CliRun.of("embed", "--input", text.toString(), "--output", dir.resolve("t2").toString(), "--batch-size", "1");
      assertEquals(0, second.exitCode(), second.err());
    } finally {
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
    Map<String, List<Float>> run1 = embeddings(dir.resolve("t1"));
    Map<String, List<Float>> run2 = embeddings(dir.resolve("t2"));
    assertEquals(run1.keySet(), run2.keySet(), "derived ids do not depend on partitioning");
    assertEquals(6, run1.size());
    String alpha = repeatedBaseId(run1);
    assertEquals(Set.of(alpha, alpha + "-2", alpha + "-3"),
        Set.copyOf(run1.keySet().stream().filter(id -> id.startsWith(alpha)).toList()), "repeats get -2, -3");
    for (String id : run1.keySet()) {
      List<Float> a = run1.get(id);
      List<Float> b = run2.get(id);
      for (int i = 0; i < a.size(); i++) {
        assertTrue(Math.abs(a.get(i) - b.get(i)) <= 1e-6, "batching and partitioning change nothing");
      }
    }
  }

  @Test
  void derivedIdsNameTheSameRowsWhateverThePartitioning() throws IOException {
    // Two Hive-style folders hold files of the same name with the same repeated text; each repeat
    // carries its own kept column. Ids must pair with the same rows on every run: the full path
    // tells the files apart, and repeats are numbered in file order, not in shuffle order.
    List<String> small = new ArrayList<>();
    List<String> large = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      small.add("{\"text\":\"" + (i % 3 == 0 ? "the same text" : "small file line " + i) + "\",\"n\":" + i + "}");
    }
    for (int i = 0; i < 120; i++) {
      large.add("{\"text\":\"" + (i % 40 == 7 ? "the same text" : "large file line " + i + " with some more words") + "\",\"n\":"
          + (1000 + i) + "}");
    }
    Path corpus = dir.resolve("corpus");
    Files.createDirectories(corpus.resolve("date=2026-11-29"));
    Files.createDirectories(corpus.resolve("date=2026-11-30"));
    Files.write(corpus.resolve("date=2026-11-29/part.jsonl"), large);
    Files.write(corpus.resolve("date=2026-11-30/part.jsonl"), small);

    Map<String, Long> first = idToN(corpus, dir.resolve("ids1"), null);
    Map<String, Long> second = idToN(corpus, dir.resolve("ids2"), "200");
    assertEquals(126, first.size());
    assertEquals(first, second, "same (id, kept column) pairs with different splits");
    // A file's ids are its own (path, position, text): the same whether other files are read with it or not.
    Map<String, Long> alone = idToN(corpus.resolve("date=2026-11-30"), dir.resolve("ids3"), null);
    Map<String, Long> smallInFirst = new HashMap<>(first);
    smallInFirst.values().removeIf(n -> n >= 1000);
    assertEquals(alone, smallInFirst, "the small file's ids do not depend on the large file");
    // In file order: the large file's repeats are lines 7, 47 and 87.
    String base = first.entrySet().stream().filter(e -> e.getValue() == 1007L).findFirst().orElseThrow().getKey();
    assertEquals(1047L, first.get(base + "-2"));
    assertEquals(1087L, first.get(base + "-3"));
  }

  private Map<String, Long> idToN(Path corpus, Path output, String maxPartitionBytes) {
    if (maxPartitionBytes != null) {
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
    }
    try {
      CliRun run = CliRun.of("embed", "--input", corpus.toString(), "--keep-cols", "n", "--output", output.toString());
      assertEquals(0, run.exitCode(), run.err());
    } finally {
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
    Map<String, Long> pairs = new HashMap<>();
    for (Row row : spark.read().parquet(output.toString()).select("id", "n").collectAsList()) {
      assertEquals(null, pairs.put(row.getString(0), row.getLong(1)), "unique id " + row.getString(0));
    }
    return pairs;
  }

  @Test
  void aPrefixIsEmbeddedWithTheTextAndNamedInTheModelColumn() throws IOException {
    Path plain = write("prefixed-input.jsonl", List.of("{\"id\":\"a\",\"text\":\"query: how do refunds work\"}"));
    Path query = write("query-input.jsonl", List.of("{\"id\":\"a\",\"text\":\"how do refunds work\"}"));
    Path config = write("prefix.json", List.of("{\"prefix\": \"query: \"}"));
    assertEquals(0, CliRun.of("embed", "--input", plain.toString(), "--output", dir.resolve("plain").toString()).exitCode());
    CliRun run = CliRun.of("embed", "--input", query.toString(), "--config", config.toString(),
        "--output", dir.resolve("query").toString());
    assertEquals(0, run.exitCode(), run.err());
    Row withPrefix = spark.read().parquet(dir.resolve("query").toString()).first();
    Row spelledOut = spark.read().parquet(dir.resolve("plain").toString()).first();
    assertEquals(spelledOut.getList(spelledOut.fieldIndex("embedding")), withPrefix.getList(withPrefix.fieldIndex("embedding")));
    assertEquals(spelledOut.<String>getAs("model") + " prefix=\"query: \"", withPrefix.getAs("model"));
    assertTrue(run.out().contains("prefix=\\\"query: \\\""), "the summary names the label too: " + run.out());
  }

  @Test
  void aGlobInputIsReadAsSparkReadsItAndItsMatchesAreChecked() throws IOException {
    Files.createDirectories(dir.resolve("raw/day=01"));
    Files.createDirectories(dir.resolve("raw/day=02"));
    write("raw/day=01/a.jsonl", List.of("{\"id\":\"a1\",\"text\":\"one\"}", "{\"id\":\"a2\",\"text\":\"two\"}"));
    write("raw/day=01/_SUCCESS", List.of());
    write("raw/day=02/b.jsonl", List.of("{\"id\":\"b1\",\"text\":\"three\"}"));
    write("raw/notes.txt", List.of("not part of any day"));
    Path output = dir.resolve("out");

    CliRun run = CliRun.of("embed", "--input", dir.resolve("raw") + "/day=0*/*.jsonl", "--output", output.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(Set.of("a1", "a2", "b1"), ids(spark.read().parquet(output.toString()).collectAsList()));
    assertTrue(run.out().contains("\"rows_read\":3,"), run.out());

    int jobsBefore = TestSpark.jobsStarted();
    CliRun none = CliRun.of("embed", "--input", dir.resolve("raw") + "/day=03/*", "--output", dir.resolve("o2").toString());
    assertEquals(2, none.exitCode());
    assertEquals("spark-embed: error: input " + dir.resolve("raw") + "/day=03/* matches no file or folder", none.errorLine());
    CliRun hidden = CliRun.of("embed", "--input", dir.resolve("raw") + "/*/_*", "--output", dir.resolve("o2").toString());
    assertEquals("spark-embed: error: input " + dir.resolve("raw") + "/*/_* matches no data files", hidden.errorLine());
    CliRun intoItsOwnMatch = CliRun.of("embed", "--input", dir + "/o*", "--output", output.toString(), "--mode", "overwrite");
    assertEquals("spark-embed: error: output " + output + " overlaps input " + dir + "/o*; write somewhere else",
        intoItsOwnMatch.errorLine());
    assertEquals(jobsBefore, TestSpark.jobsStarted(), "refused before any Spark job");

    // The embeddings' readers take globs too: two embed outputs joined as one left side.
    Path second = dir.resolve("out2");
    assertEquals(0, CliRun.of("embed", "--input", dir.resolve("raw/day=02").toString(), "--output", second.toString()).exitCode());
    CliRun join = CliRun.of("join", "--left", dir + "/out*", "--k", "1", "--output", dir.resolve("pairs").toString());
    assertEquals(0, join.exitCode(), join.err());
    assertTrue(join.out().contains("\"left_rows\":4,"), join.out());

    // A Delta table's folder also holds files the table no longer contains: never read through a glob.
    Path table = dir.resolve("table");
    assertEquals(0, CliRun.of("embed", "--input", dir.resolve("raw/day=02").toString(), "--output", table.toString(),
        "--output-format", "delta").exitCode());
    CliRun globbedTable = CliRun.of("cluster", "--input", dir + "/tab*", "--k", "2", "--output", dir.resolve("c").toString());
    assertEquals(2, globbedTable.exitCode());
    assertEquals("spark-embed: error: input " + dir + "/tab* matches the Delta table file:" + table
        + "; name the table by its path, without a pattern", globbedTable.errorLine());
  }

  @Test
  void anInputOfTwoFormatsIsRefusedUnlessTheFormatIsGiven() throws IOException {
    // A folder of JSON Lines with an embed output's Parquet file beside them: read as JSON lines,
    // the Parquet bytes would be nothing but rejected rows.
    Files.createDirectories(dir.resolve("mixed"));
    write("mixed/a.jsonl", List.of("{\"id\":\"a1\",\"text\":\"one\"}"));
    write("mixed/b.json", List.of("{\"id\":\"b1\",\"text\":\"two\"}"));
    assertEquals(0, CliRun.of("embed", "--input", dir.resolve("mixed").toString(), "--output", dir.resolve("e").toString())
        .exitCode(), ".jsonl and .json are one format");
    // Spark reads a subfolder only when it is a partition (key=value): this one is left out, as Spark leaves it.
    spark.read().parquet(dir.resolve("e").toString()).write().parquet(dir.resolve("mixed/more").toString());
    CliRun besideASubfolder = CliRun.of("embed", "--input", dir.resolve("mixed").toString(), "--output", dir.resolve("e2").toString());
    assertEquals(0, besideASubfolder.exitCode(), besideASubfolder.err());
    assertTrue(besideASubfolder.out().contains("\"rows_read\":2,"), besideASubfolder.out());
    Path part = Files.list(dir.resolve("mixed/more")).filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    Files.copy(part, dir.resolve("mixed/c.parquet"));

    int jobsBefore = TestSpark.jobsStarted();
    for (String input : List.of(dir.resolve("mixed").toString(), dir + "/mixed/*")) {
      CliRun run = CliRun.of("embed", "--input", input, "--output", dir.resolve("out").toString());
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("spark-embed: error: input " + input + " holds files of two formats, jsonl (file:" + dir.resolve("mixed/a.jsonl")
          + ") and parquet (file:" + dir.resolve("mixed/c.parquet") + "); read one format a run (a glob such as "
          + "'*.jsonl' picks it), or pass --input-format to read all as one", run.errorLine());
    }
    assertEquals(jobsBefore, TestSpark.jobsStarted(), "refused before any Spark job");

    CliRun onePattern = CliRun.of("embed", "--input", dir + "/mixed/*.json*", "--output", dir.resolve("out").toString());
    assertEquals(0, onePattern.exitCode(), onePattern.err());
    assertTrue(onePattern.out().contains("\"rows_read\":2,"), onePattern.out());

    // A format given is the user's word: every file is read in it, and what does not parse is counted.
    CliRun given = CliRun.of("embed", "--input", dir.resolve("mixed").toString(), "--input-format", "jsonl",
        "--output", dir.resolve("all").toString());
    assertEquals(0, given.exitCode(), given.err());
    assertTrue(given.out().contains("\"embedded\":2,") && !given.out().contains("\"rejected\":0,"), given.out());
  }

  @Test
  void modeErrorRefusesANonEmptyOutputAndOverwriteReplacesIt() throws IOException {
    Path input = write("in.jsonl", List.of("{\"id\":1,\"text\":\"one\"}", "{\"id\":2,\"text\":\"two\"}"));
    Path output = dir.resolve("out");
    assertEquals(0, CliRun.of("embed", "--input", input.toString(), "--output", output.toString()).exitCode());
    int jobsBefore = TestSpark.jobsStarted();
    CliRun again = CliRun.of("embed", "--input", input.toString(), "--output", output.toString());
    assertEquals(2, again.exitCode());
    assertEquals("spark-embed: error: output " + output + " already exists and is not empty; use --mode overwrite to replace it",
        again.errorLine());
    assertEquals(jobsBefore, TestSpark.jobsStarted(), "refused before any Spark job");

    Files.writeString(input, "{\"id\":3,\"text\":\"three\"}\n");
    CliRun overwrite = CliRun.of("embed", "--input", input.toString(), "--output", output.toString(), "--mode", "overwrite");
    assertEquals(0, overwrite.exitCode(), overwrite.err());
    assertEquals(Set.of("3"), ids(spark.read().parquet(output.toString()).collectAsList()));
    assertFalse(spark.conf().contains("spark.sql.files.maxPartitionBytes"), "the job's split size does not leak into the session");
    assertFalse(spark.conf().contains("spark.sql.csv.parser.columnPruning.enabled"));
  }

  @Test
  void aSmallCleanFileIsSplitOverTheTaskSlotsWithoutAShuffleAndReadOnce() throws IOException {
    final int rows = 1500;
    // About 190 KB: above twice the job's 64 KB open cost, so that Spark splits it in two.
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      lines.add("{\"id\":" + i + ",\"text\":\"sentence number " + i + " of a small clean file, long enough to make it"
          + " a couple of hundred kilobytes\"}");
    }
    Path input = write("clean.jsonl", lines);
    Path output = dir.resolve("out");
    StageCounter stages = new StageCounter();
    spark.sparkContext().addSparkListener(stages);
    CliRun run;
    try {
      run = CliRun.of("embed", "--input", input.toString(), "--output", output.toString());
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      spark.sparkContext().removeSparkListener(stages);
    }
    assertEquals(0, run.exitCode(), run.err());
    EmbedSummary summary = EmbedSummary.fromJson(run.out().strip());
    assertEquals(rows, summary.embedded());
    assertEquals(0, summary.rejected());

    StageCounter.Stage write = stages.stages.stream().filter(stage -> stage.recordsWritten() == rows).findFirst().orElseThrow();
    assertEquals(new StageCounter.Stage(2, rows, 0, rows), write,
        "the stage that embeds reads the file itself, split over both task slots, with no shuffle before it");
    // The schema pass, the main pass and the summary's read of the output; a rejects pass would be a fourth.
    assertEquals(3, stages.stages.stream().filter(stage -> stage.recordsRead() > 0).count(),
        "no second pass over a clean input for its rejects: " + stages.stages);
    String[] rejected = rejectedFiles(output);
    assertTrue(rejected.length > 0, "_rejected exists even when empty");
    assertEquals(0, spark.read().parquet(rejected).count());
    assertEquals(List.of("raw", "reason", "file", "parsed"), List.of(spark.read().parquet(rejected).columns()));
    assertFalse(spark.conf().contains("spark.sql.files.openCostInBytes"), "the job's open cost does not leak into the session");
  }

  /** Records, while it listens, what each completed stage read and wrote. */
  private static final class StageCounter extends SparkListener {
    record Stage(int tasks, long recordsRead, long shuffleRecordsRead, long recordsWritten) {}

    final List<Stage> stages = new ArrayList<>();

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
      var metrics = event.stageInfo().taskMetrics();
      stages.add(new Stage(event.stageInfo().numTasks(), metrics.inputMetrics().recordsRead(),
          metrics.shuffleReadMetrics().recordsRead(), metrics.outputMetrics().recordsWritten()));
    }
  }

  @Test
  void configFileSuppliesFlagsAndFlagsWin() throws IOException {
    Path input = write("in.jsonl", List.of("{\"key\":\"k1\",\"body\":\"from a config file\"}"));
    Path config = write("job.json", List.of(
        "{\"input\": \"" + input + "\", \"id-col\": \"key\", \"text-col\": \"body\",",
        " \"output\": \"" + dir.resolve("ignored") + "\", \"batch-size\": 8, \"keep-cols\": [\"body\"]}"));
    Path output = dir.resolve("out");
    CliRun run = CliRun.of("embed", "--config", config.toString(), "--output", output.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.exists(dir.resolve("ignored")));
    Row row = spark.read().parquet(output.toString()).first();
    assertEquals("k1", row.getAs("key"));
    assertEquals("from a config file", row.getAs("body"));
    assertNotNull(row.getAs("embedding"));
    assertEquals(input.toString(), EmbedSummary.fromJson(run.out().strip()).input());
  }

  /** Spark skips folders named _*, so tests read the rejected part files by name, as users must. */
  private static String[] rejectedFiles(Path output) {
    return OutputPaths.dataFiles(output.resolve("_rejected").toString(), spark.sparkContext().hadoopConfiguration());
  }

  private Map<String, List<Float>> embeddings(Path output) {
    Map<String, List<Float>> result = new HashMap<>();
    for (Row row : spark.read().parquet(output.toString()).collectAsList()) {
      result.put(row.getAs("id"), row.getList(row.fieldIndex("embedding")));
    }
    return result;
  }

  /** The base id shared by the three "alpha" lines. */
  private static String repeatedBaseId(Map<String, List<Float>> run) {
    Map<String, Integer> bases = new HashMap<>();
    run.keySet().forEach(id -> bases.merge(id.split("-")[0], 1, Integer::sum));
    return bases.entrySet().stream().filter(e -> e.getValue() == 3).findFirst().orElseThrow().getKey();
  }

  private static Set<String> ids(List<Row> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(String.valueOf((Object) r.getAs("id"))));
    return ids;
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines);
  }
}
