package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CI must not go green without the browser tests: what a missing Chromium does, here and under CI. */
class BrowserRequirementTest {

  @TempDir Path dir;

  @Test
  void aMissingBrowserFailsUnderCiAndSkipsElsewhere() throws Exception {
    org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
        () -> ReportPages.requireChromium(false, true));
    org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.TestAbortedException.class,
        () -> ReportPages.requireChromium(false, false));
    ReportPages.requireChromium(true, true);

    // The installer under CI: no chromium and no apt-get on its PATH must end the run, not let it go green.
    Path bin = Files.createDirectories(dir.resolve("bare-bin"));
    Files.createSymbolicLink(bin.resolve("id"), Path.of("/usr/bin/id"));
    for (String ci : new String[] {"true", "false"}) {
      ProcessBuilder builder = new ProcessBuilder("/bin/bash", Path.of("..", "scripts", "install-chromium.sh").toString())
          .redirectErrorStream(true);
      builder.environment().put("PATH", bin.toString());
      builder.environment().put("CI", ci);
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes());
      assertEquals(ci.equals("true") ? 1 : 0, process.waitFor(), "CI=" + ci + ": " + output);
      assertTrue(output.contains("chromium is missing and cannot be installed here"), output);
    }
  }

}
