package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config files in conf/ are what users copy: they must bind as the README says. */
class ConfigExamplesTest {

  private static final Path CONF = Path.of(System.getProperty("user.dir")).resolve("../conf").normalize();

  @Test
  void theEmbedExampleBinds() {
    EmbedJobConfig config = EmbedJobConfig.read(CONF.resolve("embed.example.json")).withDefaults().validate();
    assertEquals("data/sample/corpus.jsonl", config.input());
    assertEquals("overwrite", config.run().mode());
    assertEquals("8", config.run().conf().get("spark.sql.shuffle.partitions"));
    assertEquals(java.util.List.of("label", "source"), config.keepCols());
  }

  @Test
  void theNightlyExampleMergesIntoADeltaTable() {
    EmbedJobConfig config = EmbedJobConfig.read(CONF.resolve("nightly.example.json")).withDefaults().validate();
    assertEquals(OutputFormat.DELTA, config.outputFormatValue());
    assertEquals(WriteMode.MERGE, config.writeMode());
    assertEquals(true, config.deleteMissing());
    assertEquals(100_000, config.commitRows());
    assertEquals(java.util.List.of("date", "source"), config.keepCols());
  }

  @Test
  void thePipelineExamplePlans() {
    PipelineConfig.Plan plan = PipelineConfig.read(CONF.resolve("pipeline.json")).plan();
    assertEquals("out/pipeline/embeddings", plan.embed().output());
    assertEquals(5, plan.join().orElseThrow().k());
    assertEquals("exact", plan.join().orElseThrow().search().method());
    assertEquals(60, plan.cluster().orElseThrow().kMax());
    assertEquals("local[*]", plan.master());
  }

  @Test
  void theClassifyExampleBinds() {
    ClassifyJobConfig config = ClassifyJobConfig.read(CONF.resolve("classify.example.json")).withDefaults().validate();
    assertEquals(true, config.training());
    assertEquals("out/sample/embeddings", config.train());
    assertEquals(java.util.List.of(0.0001, 0.001, 0.01, 0.1), config.regParams());
    assertEquals(10, config.minClassRows());
    assertEquals("out/sample/classifier.html", config.report());
  }

  @Test
  void classifyDefaultsAreTheDeclaredOnes() {
    ClassifyJobConfig config = ConfigFiles.of(ClassifyJobConfig.class, java.util.Map.of("train", "in", "output", "out")).validate();
    assertEquals(java.util.List.of(0.0001, 0.001, 0.01, 0.1), config.regParams(), "a list default, comma-separated in @Flag");
    assertEquals(5, config.folds());
    assertEquals(0.2, config.testFraction());
    assertEquals(50, config.maxIter());
    assertEquals("label", config.labelCol());
  }
}
