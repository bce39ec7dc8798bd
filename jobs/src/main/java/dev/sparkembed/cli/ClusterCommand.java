package dev.sparkembed.cli;

import dev.sparkembed.jobs.ClusterJob;
import dev.sparkembed.jobs.ClusterJobConfig;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed cluster}: k-means on embeddings, with readable summaries and an HTML report. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Clusters an embed output (cosine k-means or bisecting k-means) and describes each cluster:",
      "size, keywords (class-based TF-IDF), the texts nearest its centroid, label distribution; a",
      "t-SNE map; silhouette, and NMI/ARI/purity next to a TF-IDF + KMeans baseline when",
      "--label-col is given. Prints one overview line per cluster after the summary."
    })
final class ClusterCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<ClusterJobConfig> configType() {
    return ClusterJobConfig.class;
  }

  @Override
  public Integer call() {
    ClusterJobConfig config = ConfigOptions.bind(spec, ClusterJobConfig.class).validate();
    ClusterJob.preflight(config, OutputPaths.hadoopConf(config.run().conf()));
    Map<String, String> conf = LakeFormat.sessionSettingsFor(config.run().conf(),
        OutputPaths.hadoopConf(config.run().conf()), config.input());
    List<String> overview = new ArrayList<>();
    JobOptions.noticeIfNoNativeBlas(spec.commandLine().getErr());
    JobOptions.runJob("spark-embed cluster", config.run().master(), conf, spec.commandLine().getOut(), spark -> {
      Map<String, Object> summary = ClusterJob.run(spark, config);
      overview.addAll(ClusterJob.overview(summary));
      return ClusterJob.summaryLine(summary);
    });
    // For people, after the machine-readable line (standard error, so that the line can still be piped to jq).
    overview.forEach(spec.commandLine().getErr()::println);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
