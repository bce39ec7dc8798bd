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
    assertEquals(data.get("k_choice").get("curve").size(), page.count("class=\"curve-pt\""), "the k curve drawn");
    assertEquals(3, page.count("class=\"map-label\""), "each cluster's number on the map");
    assertEquals(3, page.count("class=\"glance-line\""), "one overview line per cluster");
    assertTrue(page.dom().contains("3 clusters of 121 documents"), "title filled in");
    assertTrue(page.dom().indexOf("id=\"map\"") < page.dom().indexOf("id=\"quality\""), "the report opens with the map");

    Path png = Path.of("target", "report-screenshot.png");
    Files.createDirectories(png.getParent());
    ReportPages.screenshot(report, png, dir);
    assertTrue(Files.size(png) > 20_000, "screenshot saved: " + png.toAbsolutePath());
    clustersAreDrawnApart(javax.imageio.ImageIO.read(png.toFile()), 3);

    // #cluster=1 picks out cluster 1: its points drawn stronger (0.85), the others faded to 0.06,
    // so none keeps its usual colour. Compared with the plain screenshot, where a few edge pixels
    // of other shapes happen to match too.
    Path picked = Path.of("target", "report-screenshot-cluster-1.png");
    ReportPages.screenshot(report, "#cluster=1", picked, dir);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(picked.toFile());
    java.awt.image.BufferedImage plain = javax.imageio.ImageIO.read(png.toFile());
    int strong = pixels(image, pointColour(1, 0.85));
    assertTrue(strong >= 300 && strong > 10 * pixels(plain, pointColour(1, 0.85)), "cluster 1 drawn at 0.85: " + strong + " pixels");
    for (int other : new int[] {0, 2}) {
      assertTrue(pixels(plain, pointColour(other, 0.7)) >= 300, "cluster " + other + " at 0.7 without a pick");
      assertEquals(0, pixels(image, pointColour(other, 0.7)), "cluster " + other + " not at 0.7 when cluster 1 is picked");
      int faded = pixels(image, pointColour(other, 0.06));
      assertTrue(faded > 5 * pixels(plain, pointColour(other, 0.06)), "cluster " + other + " still drawn, at 0.06: " + faded);
    }
  }

  private static int pixels(java.awt.image.BufferedImage image, int[] rgb) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 255) - rgb[0]) <= 4 && Math.abs(((p >> 8) & 255) - rgb[1]) <= 4 && Math.abs((p & 255) - rgb[2]) <= 4) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * In the screenshot, the pixels of each cluster's point colour (at the map's 0.7 opacity over
   * white) gather in one place, and the places of different clusters lie far apart.
   */
  static void clustersAreDrawnApart(java.awt.image.BufferedImage image, int clusters) {
    double[][] centres = new double[clusters][];
    double[] spreads = new double[clusters];
    for (int c = 0; c < clusters; c++) {
      int[] rgb = pointColour(c);
      java.util.List<int[]> pixels = new java.util.ArrayList<>();
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int p = image.getRGB(x, y);
          if (Math.abs(((p >> 16) & 255) - rgb[0]) <= 4 && Math.abs(((p >> 8) & 255) - rgb[1]) <= 4 && Math.abs((p & 255) - rgb[2]) <= 4) {
            pixels.add(new int[] {x, y});
          }
        }
      }
      assertTrue(pixels.size() >= 30, "cluster " + c + " has points on the screenshot: " + pixels.size() + " pixels");
      double cx = pixels.stream().mapToInt(p -> p[0]).average().orElseThrow();
      double cy = pixels.stream().mapToInt(p -> p[1]).average().orElseThrow();
      centres[c] = new double[] {cx, cy};
      spreads[c] = pixels.stream().mapToDouble(p -> Math.hypot(p[0] - cx, p[1] - cy)).average().orElseThrow();
    }
    for (int a = 0; a < clusters; a++) {
      for (int b = a + 1; b < clusters; b++) {
        double apart = Math.hypot(centres[a][0] - centres[b][0], centres[a][1] - centres[b][1]);
        assertTrue(apart > 100 && apart > 2 * (spreads[a] + spreads[b]), "clusters " + a + " and " + b + " drawn "
            + Math.round(apart) + " px apart, each spread over " + Math.round(spreads[a]) + " and " + Math.round(spreads[b]) + " px");
      }
    }
  }

  /** hsl(c x 137.508 mod 360, 65%, 48%) at opacity 0.7 over white, as the report draws a point (CSS Color 4 conversion). */
  static int[] pointColour(int cluster) {
    return pointColour(cluster, 0.7);
  }

  static int[] pointColour(int cluster, double opacity) {
    double h = (cluster * 137.508) % 360;
    double s = 0.65;
    double l = 0.48;
    double chroma = (1 - Math.abs(2 * l - 1)) * s;
    double x = chroma * (1 - Math.abs((h / 60) % 2 - 1));
    double m = l - chroma / 2;
    double[] rgb = h < 60 ? new double[] {chroma, x, 0} : h < 120 ? new double[] {x, chroma, 0} : h < 180 ? new double[] {0, chroma, x}
        : h < 240 ? new double[] {0, x, chroma} : h < 300 ? new double[] {x, 0, chroma} : new double[] {chroma, 0, x};
    int[] out = new int[3];
    for (int i = 0; i < 3; i++) {
      out[i] = (int) Math.round(255 * (opacity * (rgb[i] + m) + 1 - opacity));
    }
    return out;
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
