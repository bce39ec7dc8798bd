package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripts/spark-embed reads to choose its launch path. */
class LaunchMasterTest {

  @TempDir Path dir;

  @Test
  void theFlagWinsThenTheConfigFile() throws IOException {
    String config = Files.writeString(dir.resolve("c.json"), "{\"input\": \"x\", \"master\": \"spark://h:7077\"}").toString();
    assertEquals("spark://h:7077", LaunchMaster.of(new String[] {"embed", "--config", config}));
    assertEquals("spark://h:7077", LaunchMaster.of(new String[] {"pipeline", "--config=" + config}));
    assertEquals("yarn", LaunchMaster.of(new String[] {"embed", "--config", config, "--master", "yarn"}));
    assertEquals("local[2]", LaunchMaster.of(new String[] {"embed", "--master=local[2]", "--config", config}));
    assertNull(LaunchMaster.of(new String[] {"embed", "--input", "x"}));
    String noMaster = Files.writeString(dir.resolve("n.json"), "{\"input\": \"x\"}").toString();
    assertNull(LaunchMaster.of(new String[] {"embed", "--config", noMaster}));
    assertNull(LaunchMaster.of(new String[] {"embed", "--config", dir.resolve("missing.json").toString()}),
        "the command itself reports a missing file");
  }
}
