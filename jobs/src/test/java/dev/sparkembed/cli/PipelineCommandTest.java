package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkembed.jobs.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline through the CLI, in-process, on real texts of the bundled sample. */
class PipelineCommandTest {

  @TempDir Path dir;

  @Test
  void theEmbedsColumnNamesCarryToJoinAndCluster() throws IOException {
    // doc_id and body instead of id and text: join and cluster must read them, not fall back to id/text.
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(System.getProperty("user.dir")).resolve("../data/sample/corpus.jsonl")).subList(0, 60)) {
      ObjectNode row = (ObjectNode) json.readTree(line);
      ObjectNode renamed = json.createObjectNode();
      renamed.set("doc_id", row.get("id"));
      renamed.set("body", row.get("text"));
      renamed.set("label", row.get("label"));
      lines.add(renamed.toString());
    }
    Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
    Path config = Files.writeString(dir.resolve("pipeline.json"), """
        {"output": "%s", "embed": {"input": "%s", "id-col": "doc_id", "text-col": "body"},
         "join": {"k": 2}, "cluster": {"k": "2", "label-col": "label"}}
        """.formatted(dir.resolve("out"), corpus));
    SparkSession spark = TestSpark.session();
    CliRun run = CliRun.of("pipeline", "--config", config.toString());
    assertEquals(0, run.exitCode(), run.err());
    JsonNode summary = json.readTree(run.out());
    assertEquals(60, summary.get("embed").get("embedded").asInt());
    assertEquals(120, summary.get("join").get("pairs").asInt(), "two neighbours for each of 60 rows");
    assertEquals(60, spark.read().parquet(dir.resolve("out/clusters/assignments").toString())
        .select("id").distinct().count(), "every doc_id is clustered");
    assertTrue(spark.read().parquet(dir.resolve("out/neighbours").toString())
        .filter("left_id like 'brown:%' or left_id like 'fortune:%'").count() == 120, "pairs name the doc_ids");
    assertTrue(Files.readString(dir.resolve("out/report.html")).contains("spark-embed clusters"));
  }
}
