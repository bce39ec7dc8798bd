package dev.sparkembed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads report pages: their embedded data, and what real headless Chromium makes of them. */
final class ReportPages {

  private ReportPages() {}

  /** The JSON data embedded in a report. */
  static JsonNode data(Path report) throws IOException {
    String html = Files.readString(report);
    String open = "<script type=\"application/json\" id=\"data\">";
    int start = html.indexOf(open) + open.length();
    return new ObjectMapper().readTree(html.substring(start, html.indexOf("</script>", start)));
  }

  static boolean chromiumInstalled() {
    return Files.isExecutable(Path.of("/usr/bin/chromium"));
  }

  /**
   * Skips a browser test where Chromium is missing, except under CI ({@code CI=true}), where
   * scripts/test.sh installs it and a missing browser is a failure: a CI run must not go green
   * without the browser tests.
   */
  static void requireChromium() {
    requireChromium(chromiumInstalled(), "true".equals(System.getenv("CI")));
  }

  static void requireChromium(boolean installed, boolean ci) {
    if (installed) {
      return;
    }
    if (ci) {
      org.junit.jupiter.api.Assertions.fail("chromium is not installed under CI: scripts/install-chromium.sh should have installed it");
    }
    org.junit.jupiter.api.Assumptions.abort("chromium is not installed: run scripts/install-chromium.sh");
  }

  /** The DOM after scripts ran, and the console lines Chromium logged while loading the page. */
  record Rendered(String dom, List<String> consoleLines) {
    int count(String needle) {
      int n = 0;
      for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + needle.length())) {
        n++;
      }
      return n;
    }
  }

  static Rendered render(Path page, Path work) throws IOException, InterruptedException {
    Path err = work.resolve("chromium-dom.err");
    Path dom = work.resolve("chromium-dom.html");
    run(work, err, dom, "--dump-dom", page.toUri().toString());
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
      if (line.contains(":CONSOLE")) {
        console.add(line);
      }
    }
    return new Rendered(Files.readString(dom), console);
  }

  static void screenshot(Path page, Path png, Path work) throws IOException, InterruptedException {
    screenshot(page, "", png, work);
  }

  /** @param fragment appended to the page's address, e.g. {@code "#cluster=1"} */
  static void screenshot(Path page, String fragment, Path png, Path work) throws IOException, InterruptedException {
    run(work, work.resolve("chromium-shot.err"), work.resolve("chromium-shot.out"),
        "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,2400", "--hide-scrollbars", page.toUri() + fragment);
  }

  private static void run(Path work, Path err, Path out, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + work.resolve("chromium-profile"), "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in 120 s: " + String.join(" ", command));
    }
  }
}
