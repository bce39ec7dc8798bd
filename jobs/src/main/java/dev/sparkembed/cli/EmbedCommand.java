package dev.sparkembed.cli;

import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.OutputFormat;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spark-embed embed}: one embedding per document of a corpus. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Embeds every row of a corpus (JSON Lines, Parquet, CSV or text; local or any Hadoop file system).",
      "Prints one JSON summary line on stdout and writes it to <output>/_summary.json.",
      "Malformed records go to <output>/_rejected with the raw record and a reason."
    })
final class EmbedCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<EmbedJobConfig> configType() {
    return EmbedJobConfig.class;
  }

  @Override
  public Integer call() {
    EmbedJobConfig config = ConfigOptions.bind(spec, EmbedJobConfig.class).validate();
    // Fail on bad paths or a bad model before paying for a Spark session.
    JobOptions.applyDriverSettings(config.run().conf());
    EmbedJob.preflight(config, OutputPaths.hadoopConf(config.run().conf()));
    Map<String, String> conf = LakeFormat.sessionSettingsFor(config.run().conf(), OutputPaths.hadoopConf(config.run().conf()),
        config.input());
    if (config.outputFormatValue() == OutputFormat.DELTA) {
      conf = LakeFormat.DELTA.withSessionSettings(conf);
    }
    JobOptions.runJob("spark-embed embed", config.run().master(), conf, spec.commandLine().getOut(),
        spark -> EmbedJob.runAndSummarize(spark, config));
    return 0;
  }
}
