package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.jobs.DedupJobConfig;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.JoinJobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags made from the config records, and the one binding of file, flags and defaults. */
class ConfigOptionsTest {

  @TempDir Path dir;

  @Test
  void everyRecordComponentIsAFlagWithItsHelpAndDefault() {
    CliRun help = CliRun.of("embed", "--help");
    assertEquals(0, help.exitCode());
    for (String key : dev.sparkembed.jobs.ConfigFiles.knownKeys(EmbedJobConfig.class)) {
      assertTrue(help.out().contains("--" + key), "--" + key + " in " + help.out());
    }
    assertTrue(help.out().contains("--config=FILE"), help.out());
    String flat = help.out().replaceAll("\\s+", " ");
    assertTrue(flat.contains("Rows tokenized and length-sorted together. (default: 8192)"), help.out());
    CliRun dedupHelp = CliRun.of("dedup", "--help");
    for (String ivf : List.of("--lists", "--probes", "--max-list-rows", "--seed", "--allow-model-mismatch")) {
      assertTrue(dedupHelp.out().contains(ivf), "dedup takes join's IVF options: " + ivf);
    }
  }

  @Test
  void theFileThenTheFlagsThenTheDefaults() throws IOException {
    Path config = Files.writeString(dir.resolve("embed.json"), """
        {"input": "corpus.jsonl", "model": "bge-small-en-v1.5", "window-size": 10,
         "conf": {"spark.a": "1", "spark.b": "2"}, "keep-cols": ["x"]}
        """);
    EmbedJobConfig bound = bind(new EmbedCommand(), EmbedJobConfig.class,
        "--config", config.toString(), "--window-size", "20", "--conf", "spark.b=3", "--output", "out");
    assertEquals("corpus.jsonl", bound.input(), "from the file");
    assertEquals("bge-small-en-v1.5", bound.model(), "from the file");
    assertEquals(20, bound.windowSize(), "the flag wins");
    assertEquals(Map.of("spark.a", "1", "spark.b", "3"), bound.run().conf(), "maps merge, the flag winning per key");
    assertEquals(List.of("x"), bound.keepCols());
    assertEquals("text", bound.textCol(), "a default");
    assertEquals(30, bound.progressSeconds(), "a default");
    assertNull(bound.batchSize(), "no default: the device's");

    JoinJobConfig join = bind(new JoinCommand(), JoinJobConfig.class, "--left", "l", "--k", "3", "--allow-model-mismatch");
    assertEquals(true, join.search().allowModelMismatch());
    assertEquals(2048, join.search().maxListRows());
    assertEquals(42L, join.search().seed());
    DedupJobConfig dedup = bind(new DedupCommand(), DedupJobConfig.class, "--input", "i", "--threshold", "0.9");
    assertEquals(false, dedup.search().allowModelMismatch());
    assertEquals(join.search().maxListRows(), dedup.search().maxListRows(), "one declaration, one set of defaults for both");
    assertEquals(join.search().seed(), dedup.search().seed());
  }

  private static <T extends Record> T bind(Object command, Class<T> type, String... args) {
    CommandLine cli = new CommandLine(command);
    ConfigOptions.addTo(cli.getCommandSpec(), type);
    cli.parseArgs(args);
    return ConfigOptions.bind(cli.getCommandSpec(), type);
  }
}
