package dev.sparkembed.cli;

import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.PipelineConfig;
import dev.sparkembed.jobs.PipelineJob;
import dev.sparkembed.jobs.UserInputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
final class PipelineCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JobOptions job = new JobOptions();

  @Override
  public Integer call() {
    if (job.configFile == null) {
      throw new UserInputException("pipeline needs --config FILE (see conf/pipeline.json)");
    }
    PipelineConfig fromFile = PipelineConfig.read(job.configFile);
    PipelineConfig flags = new PipelineConfig(job.output, job.mode, job.master, job.conf, null, null, null);
    PipelineConfig.Plan plan = ConfigFiles.merge(fromFile, flags).plan();
    JobOptions.applyDriverSettings(plan.conf());
    PipelineJob.preflight(plan, OutputPaths.hadoopConf(plan.conf()));
    JobOptions.runJob("spark-embed pipeline", plan.master(), plan.conf(), spec.commandLine().getOut(),
        spark -> PipelineJob.run(spark, plan));
    return 0;
  }
}
