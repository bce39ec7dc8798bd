package dev.sparkembed.cli;

import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.DedupJob;
import dev.sparkembed.jobs.DedupJobConfig;
import dev.sparkembed.jobs.Json;
import dev.sparkembed.jobs.OutputPaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
final class DedupCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--input", paramLabel = "PATH", description = "Embed output.") String input;
  @Option(names = "--threshold", paramLabel = "T", description = "Cosine at or above which two rows are duplicates.") Double threshold;
  @Option(names = "--id-col", paramLabel = "COL", description = "Id column (default: id).") String idCol;
  @Option(names = "--embedding-col", paramLabel = "COL", description = "Vector column (default: embedding).") String embeddingCol;
  @Option(names = "--method", paramLabel = "M", description = "Pair search: exact (default), ivf or lsh.") String method;
  @Option(names = "--lists", paramLabel = "N", description = "IVF lists.") Integer lists;
  @Option(names = "--probes", paramLabel = "N", description = "IVF probes.") Integer probes;
  @Option(names = "--allow-model-mismatch", description = "Group rows even when the input mixes model labels.") Boolean allowModelMismatch;
  @Option(names = "--seed", paramLabel = "N", description = "Seed (default: 42).") Long seed;
  @Override
  public Integer call() {
    DedupJobConfig flags = new DedupJobConfig(input, idCol, embeddingCol, threshold, method, lists, probes, allowModelMismatch, seed, job.output, job.mode, job.master, job.conf);
    DedupJobConfig config = ConfigFiles.merge(job.configFile == null ? null : DedupJobConfig.read(job.configFile), flags)
        .withDefaults().validate();
    DedupJob.preflight(config, OutputPaths.hadoopConf(config.conf()));
    JobOptions.runJob("spark-embed dedup", config.master(), config.conf(), spec.commandLine().getOut(),
        spark -> Json.line(DedupJob.run(spark, config)));
    return 0;
  }
}
