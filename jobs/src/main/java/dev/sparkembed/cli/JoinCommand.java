package dev.sparkembed.cli;

import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.JoinJob;
import dev.sparkembed.jobs.JoinJobConfig;
import dev.sparkembed.jobs.OutputPaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
final class JoinCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--left", paramLabel = "PATH", description = "Embed output (queries).") String left;
  @Option(names = "--right", paramLabel = "PATH", description = "Embed output (corpus); default: --left (self-join).") String right;
  @Option(names = "--id-col", paramLabel = "COL", description = "Id column of both sides (default: id).") String idCol;
  @Option(names = "--embedding-col", paramLabel = "COL", description = "Vector column (default: embedding).") String embeddingCol;
  @Option(names = "--k", paramLabel = "N", description = "Keep the top N right rows per left row.") Integer k;
  @Option(names = "--threshold", paramLabel = "T", description = "Keep pairs with cosine >= T, T in [-1, 1].") Double threshold;
  @Option(names = "--method", paramLabel = "M", description = "exact (default), ivf or lsh.") String method;
  @Option(names = "--lists", paramLabel = "N", description = "IVF lists (default: about 2 x sqrt of the right side's rows).") Integer lists;
  @Option(names = "--probes", paramLabel = "N", description = "IVF lists searched per left row (default: 3 x sqrt(lists), at least 8).") Integer probes;
  @Option(names = "--max-list-rows", paramLabel = "N", description = "IVF lists larger than this are split (default: 2048).") Integer maxListRows;
  @Option(names = "--recall-sample", paramLabel = "N", description = "Measure recall against exact search on N sampled left rows.") Integer recallSample;
  @Option(names = "--allow-model-mismatch", description = "Join even when the sides' model labels say different models made them.") Boolean allowModelMismatch;
  @Option(names = "--seed", paramLabel = "N", description = "Seed for sampling and k-means (default: 42).") Long seed;
  @Override
  public Integer call() {
    JoinJobConfig flags = new JoinJobConfig(left, right, idCol, embeddingCol, k, threshold, method, lists, probes,
        maxListRows, recallSample, allowModelMismatch, seed, job.output, job.mode, job.master, job.conf);
    JoinJobConfig config = ConfigFiles.merge(job.configFile == null ? null : JoinJobConfig.read(job.configFile), flags)
        .withDefaults().validate();
    JoinJob.preflight(config, OutputPaths.hadoopConf(config.conf()));
    JobOptions.runJob("spark-embed join", config.master(), config.conf(), spec.commandLine().getOut(),
        spark -> JoinJob.run(spark, config).toJson());
    return 0;
  }
}
