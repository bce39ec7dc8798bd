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
  void thePipelineExamplePlans() {
    PipelineConfig.Plan plan = PipelineConfig.read(CONF.resolve("pipeline.json")).plan();
    assertEquals("out/pipeline/embeddings", plan.embed().output());
    assertEquals(5, plan.join().orElseThrow().k());
    assertEquals("exact", plan.join().orElseThrow().search().method());
    assertEquals(20, plan.cluster().orElseThrow().kMax());
    assertEquals("local[*]", plan.master());
  }
}
