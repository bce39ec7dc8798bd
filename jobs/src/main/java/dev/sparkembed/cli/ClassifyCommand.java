package dev.sparkembed.cli;

import dev.sparkembed.jobs.ClassifyJob;
import dev.sparkembed.jobs.ClassifyJobConfig;
import dev.sparkembed.jobs.OutputPaths;
import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spark-embed classify}: train a classifier on labelled embeddings, or apply one. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train: --train EMBEDDINGS --label-col label --output OUT fits a logistic regression on the embeddings",
      "(regularisation by stratified k-fold cross-validation), tests it on a stratified held-out share next to",
      "a TF-IDF + logistic regression baseline on the same split, and writes OUT/model, OUT/_summary.json",
      "and, with --report, an HTML page.",
      "Apply: --model OUT/model --input EMBEDDINGS --output PREDICTIONS writes id, predicted_label,",
      "confidence, probabilities and status for every input row."
    })
final class ClassifyCommand implements JobCommand {

  @Spec CommandSpec spec;

  @Override
  public Class<ClassifyJobConfig> configType() {
    return ClassifyJobConfig.class;
  }

  @Override
  public Integer call() {
    ClassifyJobConfig config = ConfigOptions.bind(spec, ClassifyJobConfig.class).validate();
    ClassifyJob.preflight(config, OutputPaths.hadoopConf(config.run().conf()));
    Map<String, String> conf = LakeFormat.sessionSettingsFor(config.run().conf(),
        OutputPaths.hadoopConf(config.run().conf()), config.train(), config.input());
    JobOptions.runJob("spark-embed classify", config.run().master(), conf, spec.commandLine().getOut(),
        spark -> ClassifyJob.summaryLine(ClassifyJob.run(spark, config)));
    return 0;
  }
}
