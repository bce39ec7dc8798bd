package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

  @TempDir Path dir;

  @Test
  void planWiresTheStagesThroughOneEmbeddingsFolder() throws IOException {
    PipelineConfig.Plan plan = read("""
        {"output": "out/p", "mode": "overwrite", "conf": {"spark.sql.shuffle.partitions": "8"},
         "embed": {"input": "corpus.jsonl", "text-col": "body", "keep-cols": ["source"]},
         "join": {"k": 3, "method": "ivf"},
         "cluster": {"k": "5", "label-col": "label"}}
        """).plan();
    assertEquals("out/p/embeddings", plan.embed().output());
    assertEquals(List.of("source", "body", "label"), plan.embed().keepCols(), "texts and labels kept for clustering");
    assertEquals("out/p/embeddings", plan.join().orElseThrow().left());
    assertEquals("out/p/neighbours", plan.join().orElseThrow().output());
    assertEquals("ivf", plan.join().orElseThrow().search().method());
    assertEquals("out/p/embeddings", plan.cluster().orElseThrow().input());
    assertEquals("out/p/clusters", plan.cluster().orElseThrow().output());
    assertEquals("out/p/report.html", plan.cluster().orElseThrow().report());
    assertEquals("body", plan.cluster().orElseThrow().textCol(), "the embed's text column");
    for (var stage : List.of(plan.embed().run().mode(), plan.join().orElseThrow().run().mode(), plan.cluster().orElseThrow().run().mode())) {
      assertEquals("overwrite", stage);
    }
    assertEquals("8", plan.cluster().orElseThrow().run().conf().get("spark.sql.shuffle.partitions"));
    assertEquals(WriteMode.OVERWRITE, plan.mode());
  }

  @Test
  void stagesWithoutASectionDoNotRun() throws IOException {
    PipelineConfig.Plan plan = read("{\"output\": \"o\", \"embed\": {\"input\": \"c.jsonl\"}}").plan();
    assertTrue(plan.join().isEmpty());
    assertTrue(plan.cluster().isEmpty());
    assertEquals(List.of(), plan.embed().keepCols());
  }

  @Test
  void errorsAreOneLine() throws IOException {
    assertError("{\"embed\": {\"input\": \"c\"}}", "the pipeline needs \"output\"");
    assertError("{\"output\": \"o\"}", "the pipeline needs an \"embed\" section");
    assertError("{\"output\": \"o\", \"embed\": {\"input\": \"c\", \"output\": \"x\"}}",
        "\"output\" in the \"embed\" section: the pipeline sets it; remove it");
    assertError("{\"output\": \"o\", \"embed\": {\"input\": \"c\"}, \"join\": {\"k\": 3, \"left\": \"x\"}}",
        "\"left\" in the \"join\" section: the pipeline sets it; remove it");
    assertError("{\"output\": \"o\", \"embed\": {\"input\": \"c\"}, \"cluster\": {\"mode\": \"overwrite\"}}",
        "\"mode\" in the \"cluster\" section: the pipeline sets it; set it at the top level");
    assertError("{\"output\": \"o\", \"embed\": {\"input\": \"c\"}, \"join\": {\"method\": \"ivf\"}}",
        "give --k, --threshold or both");
    assertError("{\"output\": \"o\", \"embed\": {\"input\": \"c\", \"output-format\": \"jsonl\"}}",
        "the pipeline writes its embeddings as parquet");
    assertError("{\"output\": \"o\", \"mode\": \"append\", \"embed\": {\"input\": \"c\"}}", "append");
    UserInputException unknown = assertThrows(UserInputException.class,
        () -> read("{\"output\": \"o\", \"embed\": {\"input\": \"c\"}, \"clustre\": {}}"));
    assertTrue(unknown.getMessage().contains("unknown key 'clustre'"), unknown.getMessage());
  }

  @Test
  void aBadValueInASectionNamesTheSection() throws IOException {
    Path file = dir.resolve("pipeline.json");
    String[][] cases = {
        {"{\"output\": \"o\", \"embed\": {\"input\": \"c\", \"batch-size\": 1.5}}",
            "config file " + file + " is not valid: 'batch-size' in the 'embed' section must be a whole number, written "
                + "without a decimal point"},
        {"{\"output\": \"o\", \"embed\": {\"input\": \"c\", \"keep-cols\": [\"a\", {\"b\": 1}]}}",
            "config file " + file + " is not valid: each item of 'keep-cols' in the 'embed' section must be a string"},
        {"{\"output\": \"o\", \"embed\": {\"input\": \"c\"}, \"cluster\": {\"k-max\": \"many\"}}",
            "config file " + file + " is not valid: 'k-max' in the 'cluster' section must be a whole number, written "
                + "without a decimal point"},
        // At the top level, as before: no section; the group objects the reader makes are not named.
        {"{\"output\": \"o\", \"conf\": {\"spark.x\": [1]}, \"embed\": {\"input\": \"c\"}}",
            "config file " + file + " is not valid: 'conf' entry 'spark.x' must be a string"},
        {"{\"output\": [\"o\"], \"embed\": {\"input\": \"c\"}}", "config file " + file + " is not valid: 'output' must be a string"}};
    for (String[] c : cases) {
      assertEquals(c[1], assertThrows(UserInputException.class, () -> read(c[0])).getMessage(), c[0]);
    }
    UserInputException unknown = assertThrows(UserInputException.class,
        () -> read("{\"output\": \"o\", \"embed\": {\"input\": \"c\", \"batchsize\": 8}}"));
    assertTrue(unknown.getMessage().startsWith("unknown key 'batchsize' in the 'embed' section of config file " + file
        + " (known keys: input, input-format, id-col,"), unknown.getMessage());
  }

  @Test
  void bundledExampleIsValid() {
    PipelineConfig.Plan plan = PipelineConfig.read(Path.of("..", "conf", "pipeline.json")).plan();
    assertTrue(plan.join().isPresent() && plan.cluster().isPresent());
  }

  private PipelineConfig read(String json) throws IOException {
    return PipelineConfig.read(Files.writeString(dir.resolve("pipeline.json"), json));
  }

  private void assertError(String json, String expectedPart) throws IOException {
    String message = assertThrows(UserInputException.class, () -> read(json).plan()).getMessage();
    assertTrue(message.contains(expectedPart), "expected '" + expectedPart + "' in: " + message);
    assertFalse(message.contains("\n"), message);
  }
}
