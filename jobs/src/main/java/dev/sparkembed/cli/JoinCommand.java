package dev.sparkembed.cli;

import dev.sparkembed.jobs.JoinJob;
import dev.sparkembed.jobs.JoinJobConfig;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed join}: nearest neighbours between two embed outputs, or within one. */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Cosine similarity join of embed outputs: top-k per left row and/or pairs above a threshold.",
      "Without --right it is a self-join that excludes self pairs. Writes left_id, right_id, score, rank."
    })
final class JoinCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<JoinJobConfig> configType() {
    return JoinJobConfig.class;
  }

  @Override
  public Integer call() {
    JoinJobConfig config = ConfigOptions.bind(spec, JoinJobConfig.class).validate();
    JoinJob.preflight(config, OutputPaths.hadoopConf(config.run().conf()));
    Map<String, String> conf = LakeFormat.sessionSettingsFor(config.run().conf(),
        OutputPaths.hadoopConf(config.run().conf()), config.left(), config.right());
    JobOptions.noticeIfNoNativeBlas(spec.commandLine().getErr());
    JobOptions.runJob("spark-embed join", config.run().master(), conf, spec.commandLine().getOut(),
        spark -> JoinJob.run(spark, config).toJson());
    return 0;
  }
}
