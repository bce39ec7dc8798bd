package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.jobs.TestSpark;
import dev.sparkembed.testing.OtherSchemeFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

  @TempDir Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void theReportAndSummaryAreWrittenThroughTheOutputsFileSystem() throws IOException {
    // As on YARN with hdfs:// paths: every file the driver writes must go through Hadoop.
    spark.sparkContext().hadoopConfiguration().set("fs." + OtherSchemeFileSystem.SCHEME + ".impl",
        OtherSchemeFileSystem.class.getName());
    Path input = dir.resolve("emb");
    SyntheticClusters.write(spark, input, true);
    Path out = dir.resolve("remote-out");
    Path report = dir.resolve("remote-report/report.html");
    CliRun run = CliRun.of("cluster", "--input", input.toString(), "--k", "3", "--conf", OtherSchemeFileSystem.CONF,
        "--output", OtherSchemeFileSystem.uri(out), "--report", OtherSchemeFileSystem.uri(report));
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.isRegularFile(out.resolve("_summary.json")), "summary at " + out);
    assertTrue(Files.readString(report).contains("spark-embed clusters"), "report at " + report);
    assertTrue(Files.notExists(Path.of(OtherSchemeFileSystem.SCHEME + ":")), "nothing written as a relative local path");
  }

  @Test
  void autoKFindsTheTrueClustersAndTheReportHoldsItsData() throws IOException {
    Path input = dir.resolve("emb");
    int rows = SyntheticClusters.write(spark, input, true);
    Path report = dir.resolve("report.html");
    CliRun run = CliRun.of("cluster", "--input", input.toString(), "--k", "auto", "--k-min", "2", "--k-max", "6",
        "--label-col", "label", "--output", dir.resolve("out").toString(), "--report", report.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode line = new ObjectMapper().readTree(run.out());
    assertEquals(3, line.get("k").asInt(), "k auto picks the true k: " + line.get("k_choice"));
    assertTrue(line.get("k_choice").get("reason").asText().startsWith("k = 3 "), line.get("k_choice").toString());
    assertEquals(rows, line.get("rows").asInt());
    assertEquals(1, line.get("null_embeddings").asInt());
    JsonNode quality = line.get("quality");
    assertEquals(1.0, quality.get("embedding").get("nmi").asDouble(), 1e-9);
    assertEquals(1.0, quality.get("embedding").get("ari").asDouble(), 1e-9);
    assertEquals(1.0, quality.get("embedding").get("purity").asDouble(), 1e-9);
    assertTrue(quality.get("silhouette_cosine").asDouble() > 0.8);
    assertTrue(quality.has("tfidf_baseline"));

    JsonNode summary = new ObjectMapper().readTree(Files.readString(dir.resolve("out/_summary.json")));
    assertEquals(5, summary.get("k_choice").get("curve").size(), "k = 2..6 tried");
    List<String> overview = run.err().lines().filter(l -> l.startsWith("cluster ")).toList();
    assertEquals(3, overview.size(), "one overview line per cluster after the summary: " + run.err());
    assertTrue(overview.get(0).matches("cluster 0 \\(40 docs, mostly \\w+ 100%\\): \\w+(, [\\w ]+){4}"), overview.get(0));
    for (JsonNode cluster : summary.get("clusters")) {
      assertEquals(SyntheticClusters.PER_CLUSTER, cluster.get("size").asInt());
      Set<String> keywords = new HashSet<>();
      cluster.get("keywords").forEach(k -> keywords.add(k.asText()));
      String[] theme = themeOf(cluster.get("representatives").get(0).get("text").asText());
      assertTrue(keywords.containsAll(List.of(theme)), "keywords " + keywords + " of theme " + List.of(theme));
      assertEquals(5, cluster.get("representatives").size());
      assertEquals(1, cluster.get("labels").size(), "one label per cluster: " + cluster.get("labels"));
    }

    List<Row> assignments = spark.read().parquet(dir.resolve("out/assignments").toString()).collectAsList();
    assertEquals(rows, assignments.size(), "every input row has an assignment");
    assertEquals(1, assignments.stream().filter(r -> r.isNullAt(r.fieldIndex("cluster"))).count());
    assertEquals(3, spark.read().parquet(dir.resolve("out/centroids").toString()).count());
    Dataset<Row> map = spark.read().parquet(dir.resolve("out/map").toString());
    assertEquals(List.of("id", "x", "y", "cluster"), List.of(map.columns()));
    assertEquals(rows - 1, map.count(), "one map row per mapped point");
    assertEquals(rows - 1, map.select("id").distinct().count());

    JsonNode data = ReportPages.data(report);
    assertEquals(rows - 1, data.get("points").size(), "all clustered rows are on the map (fewer than 20k)");
    assertEquals(3, data.get("clusters").size());
    assertEquals(line.get("k"), data.get("k"));
    assertEquals(summary.get("clusters"), data.get("clusters"));
  }

  @Test
  void textComesFromACorpusAndBisectingWorks() throws IOException {
    Path input = dir.resolve("emb");
    SyntheticClusters.write(spark, input, false);
    Path corpus = dir.resolve("corpus");
    spark.read().parquet(input.toString()).selectExpr("id", "concat('text of ', id, ' ', label) as text")
        .write().json(corpus.toString());
    CliRun run = CliRun.of("cluster", "--input", input.toString(), "--text", corpus.toString(), "--k", "3",
        "--algorithm", "bisecting", "--output", dir.resolve("out").toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode line = new ObjectMapper().readTree(run.out());
    assertEquals(3, line.get("k").asInt());
    assertEquals("bisecting", line.get("algorithm").asText());
  }

  @Test
  void badInputsGiveOneLineErrors() throws IOException {
    Path input = dir.resolve("emb");
    int rows = SyntheticClusters.write(spark, input, true);
    Path noText = dir.resolve("emb-notext");
    SyntheticClusters.write(spark, noText, false);
    String out = dir.resolve("out").toString();
    expect("--k must be at least 2, got 1", "cluster", "--input", input.toString(), "--k", "1", "--output", out);
    expect("--k must be a number or auto, got 'many'", "cluster", "--input", input.toString(), "--k", "many", "--output", out);
    expect("--k 500 is larger than the number of rows with embeddings (" + (rows - 1) + ")",
        "cluster", "--input", input.toString(), "--k", "500", "--output", out);
    expect("no label column 'genre' in input " + input, "cluster", "--input", input.toString(), "--k", "3",
        "--label-col", "genre", "--output", out);
    expect("no text for keywords: input " + noText + " has no 'text' column; keep it with 'embed --keep-cols text' or pass --text CORPUS",
        "cluster", "--input", noText.toString(), "--k", "3", "--output", out);
    expect("bad algorithm 'dbscan' (expected kmeans, bisecting)", "cluster", "--input", input.toString(), "--algorithm", "dbscan", "--output", out);
    // One row's vector longer than the rest (two models' outputs read as one, no model column to
    // tell): MLlib's k-means failed on it with a stack trace.
    Path mixed = dir.resolve("emb-mixed");
    String first = spark.read().parquet(input.toString()).filter("embedding IS NOT NULL").orderBy("id").first().getAs("id");
    spark.read().parquet(input.toString()).drop("model")
        .withColumn("embedding", org.apache.spark.sql.functions.expr(
            "IF(id = '" + first + "', concat(embedding, array(CAST(0 AS FLOAT))), embedding)"))
        .write().parquet(mixed.toString());
    Row firstRow = spark.read().parquet(input.toString()).filter("embedding IS NOT NULL").first();
    int dim = firstRow.getList(firstRow.fieldIndex("embedding")).size();
    expect("input " + mixed + " holds vectors of different lengths, from " + dim + " to " + (dim + 1)
        + " (embeddings of different models?)", "cluster", "--input", mixed.toString(), "--k", "3", "--output", out);
    // Two 384-d models' vectors have one shape: the labels tell them apart. k-means took them together.
    Path twoModels = dir.resolve("emb-two-models");
    spark.read().parquet(input.toString()).withColumn("model", org.apache.spark.sql.functions.expr(
            "IF(embedding IS NULL, 'c@3', IF(hash(id) % 2 = 0, 'a@1', 'b@2'))"))
        .write().parquet(twoModels.toString());
    expect("input " + twoModels + " mixes 2 model labels (a@1; b@2); embed it again with one model and prefix"
        + " (pass --allow-model-mismatch to cluster them anyway)", "cluster", "--input", twoModels.toString(), "--k", "3",
        "--output", out);
    // As join and dedup do, on the user's word: e.g. one model's vectors of two prefixes.
    CliRun allowed = CliRun.of("cluster", "--input", twoModels.toString(), "--k", "3", "--allow-model-mismatch",
        "--output", dir.resolve("allowed").toString());
    assertEquals(0, allowed.exitCode(), allowed.err());
    assertEquals(rows - 1, spark.read().parquet(dir.resolve("allowed/assignments").toString()).filter("cluster IS NOT NULL").count());
  }

  private static String[] themeOf(String text) {
    for (String[] theme : SyntheticClusters.THEMES) {
      for (String word : theme) {
        if (text.contains(word)) {
          return theme;
        }
      }
    }
    throw new AssertionError("no theme in " + text);
  }

  private static void expect(String message, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("spark-embed: error: " + message, run.errorLine());
    assertEquals(1, run.messages().strip().lines().count(), run.err());
  }
}
