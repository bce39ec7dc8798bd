package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkembed.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster report in a real headless Chromium (Debian's; scripts/install-chromium.sh installs it). */
class ReportBrowserTest {

  @TempDir static Path dir;

  @BeforeAll
  static void needsChromium() {
    ReportPages.requireChromium();
  }

  @Test
  void reportDrawsPointsBarsAndCurveWithoutConsoleErrors() throws Exception {
    Path input = dir.resolve("emb");
    SyntheticClusters.write(TestSpark.session(), input, true);
    Path report = dir.resolve("report.html");
    CliRun run = CliRun.of("cluster", "--input", input.toString(), "--k", "auto", "--k-max", "5", "--label-col", "label",
        "--output", dir.resolve("out").toString(), "--report", report.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.readString(report).matches("(?s).*(src|href)=\"https?:.*"), "the report loads nothing from the internet");

    JsonNode data = ReportPages.data(report);
    ReportPages.Rendered page = ReportPages.render(report, dir);
    assertEquals(java.util.List.of(), page.consoleLines(), "console");
    assertTrue(page.dom().contains("data-ready=\"true\""), "the script ran to the end");
    assertEquals(data.get("points").size(), page.count("class=\"pt\""), "points drawn");
    assertEquals(data.get("clusters").size(), page.count("class=\"bar\""), "bars drawn");
    assertEquals(data.get("silhouette_curve").size(), page.count("class=\"curve-pt\""), "silhouette curve drawn");
    assertTrue(page.dom().contains("3 clusters of 121 documents"), "title filled in");

    Path png = Path.of("target", "report-screenshot.png");
    Files.createDirectories(png.getParent());
    ReportPages.screenshot(report, png, dir);
    assertTrue(Files.size(png) > 20_000, "screenshot saved: " + png.toAbsolutePath());
  }

  @Test
  void classifierReportShowsBothClassifiersAndTheConfusionMatrix() throws Exception {
    Path input = dir.resolve("classify-emb");
    SyntheticClusters.write(TestSpark.session(), input, true);
    Path report = dir.resolve("classifier.html");
    CliRun run = CliRun.of("classify", "--train", input.toString(), "--folds", "3", "--reg-params", "0.01,0.1",
        "--output", dir.resolve("classifier").toString(), "--report", report.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(Files.readString(report).matches("(?s).*(src|href)=\"https?:.*"), "the report loads nothing from the internet");

    ReportPages.Rendered page = ReportPages.render(report, dir);
    assertEquals(java.util.List.of(), page.consoleLines(), "console");
    assertTrue(page.dom().contains("Classifier: 3 classes"), "title");
    assertEquals(9, page.count("class=\"cm-cell\""), "a 3 x 3 confusion matrix");
    assertEquals(2, page.count("class=\"cv-row\""), "one cross-validation row per regularisation value");
    assertEquals(3, page.count("class=\"class-row\""), "one row per class");
    assertTrue(page.dom().contains("TF-IDF + logistic regression"), "the baseline beside the embeddings");

    Path png = Path.of("target", "classifier-report-screenshot.png");
    Files.createDirectories(png.getParent());
    ReportPages.screenshot(report, png, dir);
    assertTrue(Files.size(png) > 20_000, "screenshot saved: " + png.toAbsolutePath());
  }

  @Test
  void theConsoleCheckCatchesAScriptError() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.html"),
        "<html><body><script>document.body.setAttribute('data-ready', 'true'); notAFunction();</script></body></html>");
    ReportPages.Rendered page = ReportPages.render(broken, dir);
    assertEquals(1, page.consoleLines().size(), "console: " + page.consoleLines());
    assertTrue(page.consoleLines().get(0).contains("notAFunction"));
  }
}
