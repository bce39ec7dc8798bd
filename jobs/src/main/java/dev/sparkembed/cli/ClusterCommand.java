package dev.sparkembed.cli;

import dev.sparkembed.jobs.ClusterJob;
import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.OutputPaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed cluster}: k-means on embeddings, with readable summaries and an HTML report. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Clusters an embed output (cosine k-means or bisecting k-means) and describes each cluster:",
      "size, TF-IDF keywords, the texts nearest its centroid, label distribution; silhouette, and",
      "NMI/ARI/purity next to a TF-IDF + KMeans baseline when --label-col is given."
    })
final class ClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--input", paramLabel = "PATH", description = "Embed output.") String input;
  @Option(names = "--text", paramLabel = "PATH", description = "Corpus to join back by id for text, when the embed output did not keep it.") String text;
  @Option(names = "--k", paramLabel = "N|auto", description = "Number of clusters, or auto (default): best silhouette over --k-min..--k-max on a sample.") String k;
  @Option(names = "--k-min", paramLabel = "N", description = "Smallest k tried by --k auto (default: 2).") Integer kMin;
  @Option(names = "--k-max", paramLabel = "N", description = "Largest k tried by --k auto (default: 20).") Integer kMax;
  @Option(names = "--algorithm", paramLabel = "A", description = "kmeans (default) or bisecting.") String algorithm;
  @Option(names = "--label-col", paramLabel = "COL", description = "True labels, for NMI, ARI and purity.") String labelCol;
  @Option(names = "--id-col", paramLabel = "COL", description = "Id column (default: id).") String idCol;
  @Option(names = "--text-col", paramLabel = "COL", description = "Text column (default: text).") String textCol;
  @Option(names = "--embedding-col", paramLabel = "COL", description = "Vector column (default: embedding).") String embeddingCol;
  @Option(names = "--seed", paramLabel = "N", description = "Seed (default: 42).") Long seed;
  @Option(names = "--report", paramLabel = "FILE.html", description = "Write the HTML report here.") String report;

  @Override
  public Integer call() {
    ClusterJobConfig flags = new ClusterJobConfig(input, text, idCol, textCol, embeddingCol, labelCol, k, kMin, kMax,
        algorithm, seed, job.output, report, job.mode, job.master, job.conf);
    ClusterJobConfig config = ConfigFiles.merge(job.configFile == null ? null : ClusterJobConfig.read(job.configFile), flags)
        .withDefaults().validate();
    ClusterJob.preflight(config, OutputPaths.hadoopConf(config.conf()));
    JobOptions.runJob("spark-embed cluster", config.master(), config.conf(), spec.commandLine().getOut(),
        spark -> ClusterJob.summaryLine(ClusterJob.run(spark, config)));
    return 0;
  }
}
