package dev.sparkembed.cli;

import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.PipelineConfig;
import dev.sparkembed.jobs.PipelineJob;
import dev.sparkembed.jobs.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed pipeline}: embed, join and cluster from one config file, in one Spark application. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs embed -> join -> cluster -> report from one JSON config (see conf/pipeline.json) in one",
      "Spark application. Embeddings are computed once and read back by the later stages. Writes",
      "<output>/embeddings, neighbours, clusters, report.html and _summary.json. --output, --mode,",
      "--master and --conf override the config's top-level keys."
    })
final class PipelineCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<PipelineConfig> configType() {
    return PipelineConfig.class;
  }

  @Override
  public Integer call() {
    if (ConfigOptions.configFile(spec) == null) {
      throw new UserInputException("pipeline needs --config FILE (see conf/pipeline.json)");
    }
    PipelineConfig.Plan plan = ConfigOptions.bind(spec, PipelineConfig.class).plan();
    JobOptions.applyDriverSettings(plan.conf());
    PipelineJob.preflight(plan, OutputPaths.hadoopConf(plan.conf()));
    JobOptions.noticeIfNoNativeBlas(spec.commandLine().getErr());
    JobOptions.runJob("spark-embed pipeline", plan.master(), plan.conf(), spec.commandLine().getOut(),
        spark -> PipelineJob.run(spark, plan));
    return 0;
  }
}
