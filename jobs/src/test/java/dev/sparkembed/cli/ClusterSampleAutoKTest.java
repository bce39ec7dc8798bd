package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.bench.AutoKStudy;
import dev.sparkembed.cluster.KSweep;
import dev.sparkembed.jobs.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auto-k target on the README's first command: on the bundled sample (15 Brown genres
 * and 38 fortune files, 1,050 texts), the NMI against the labels at the k that {@code --k auto}
 * chooses is at least 90% of the best NMI over k = 2..60. The knee and BIC chose 14–19 here (74–82%).
 */
class ClusterSampleAutoKTest {

  @TempDir Path dir;

  @Test
  void autoKOnTheSampleReachesNinetyPercentOfTheBestNmi() throws Exception {
    Path corpus = Path.of(System.getProperty("user.dir")).resolve("../data/sample/corpus.jsonl");
    CliRun embed = CliRun.of("embed", "--input", corpus.toString(), "--output", dir.resolve("emb").toString(),
        "--keep-cols", "text,label", "--progress-seconds", "0");
    assertEquals(0, embed.exitCode(), embed.err());
    CliRun cluster = CliRun.of("cluster", "--input", dir.resolve("emb").toString(), "--k", "auto", "--label-col", "label",
        "--map", "pca", "--output", dir.resolve("clusters").toString());
    assertEquals(0, cluster.exitCode(), cluster.err());
    JsonNode summary = new ObjectMapper().readTree(Files.readString(dir.resolve("clusters/_summary.json")));
    int k = summary.get("k").asInt();
    assertEquals(59, summary.get("k_choice").get("curve").size(), "k = 2..60 tried");

    // The NMI at each k from a sweep of this test's own (cosine k-means, as auto-k fits).
    List<Row> rows = TestSpark.session().read().parquet(dir.resolve("emb").toString())
        .select("id", "embedding", "label").orderBy("id").collectAsList();
    String[] labels = new String[rows.size()];
    List<KSweep.Fit> fits = KSweep.run(AutoKStudy.unitBlock(rows, labels), 2, 60, 42);
    double best = fits.stream().mapToDouble(f -> AutoKStudy.nmi(f.assignment(), labels)).max().orElseThrow();
    double chosen = AutoKStudy.nmi(fits.get(k - 2).assignment(), labels);
    System.out.printf("auto-k on the sample: k = %d, NMI %.3f, best over 2..60 %.3f, ratio %.3f%n",
        k, chosen, best, chosen / best);
    assertTrue(chosen >= 0.9 * best,
        "k = " + k + ": NMI " + chosen + ", best " + best + "; " + summary.get("k_choice").get("reason"));
  }
}
