package dev.sparkembed.cli;

import dev.sparkembed.jobs.DedupJob;
import dev.sparkembed.jobs.DedupJobConfig;
import dev.sparkembed.jobs.Json;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed dedup}: near-duplicate groups of an embed output. */
@Command(
    name = "dedup",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Groups near-duplicates: connected components of the pairs with cosine >= --threshold.",
      "Writes id, group_id (the group's smallest id, its representative), group_size, is_representative."
    })
final class DedupCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<DedupJobConfig> configType() {
    return DedupJobConfig.class;
  }

  @Override
  public Integer call() {
    DedupJobConfig config = ConfigOptions.bind(spec, DedupJobConfig.class).validate();
    DedupJob.preflight(config, OutputPaths.hadoopConf(config.run().conf()));
    Map<String, String> conf = LakeFormat.sessionSettingsFor(config.run().conf(),
        OutputPaths.hadoopConf(config.run().conf()), config.input());
    JobOptions.noticeIfNoNativeBlas(spec.commandLine().getErr());
    JobOptions.runJob("spark-embed dedup", config.run().master(), conf, spec.commandLine().getOut(),
        spark -> Json.line(DedupJob.run(spark, config)));
    return 0;
  }
}
