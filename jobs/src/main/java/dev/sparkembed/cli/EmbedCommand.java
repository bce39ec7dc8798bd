package dev.sparkembed.cli;

import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.OutputPaths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
final class EmbedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--input", paramLabel = "PATH", description = "File or folder to embed.")
  String input;

  @Option(names = "--input-format", paramLabel = "FORMAT", description = "jsonl, parquet, csv or text (default: from the file extension).")
  String inputFormat;

  @Option(names = "--id-col", paramLabel = "COL", description = "Id column (default: id; without one, ids are derived from file name and text).")
  String idCol;

  @Option(names = "--text-col", paramLabel = "COL", description = "Text column (default: text).")
  String textCol;


  @Option(names = "--output-format", paramLabel = "FORMAT", description = "parquet or jsonl (default: parquet).")
  String outputFormat;

  @Option(names = "--model", paramLabel = "NAME|PATH", description = "Built-in model name or model folder (default: all-minilm-l6-v2).")
  String model;

  @Option(names = "--prefix", paramLabel = "TEXT", description = "Text put before every text, e.g. \"query: \" for E5 queries; recorded in the model column (default: none).")
  String prefix;

  @Option(names = "--batch-size", paramLabel = "N", description = "Most texts per inference call (default: 64 on CPU, 512 on a GPU).")
  Integer batchSize;

  @Option(names = "--max-batch-tokens", paramLabel = "N", description = "Most padded tokens per inference call (default: 256 on CPU, 32768 on a GPU).")
  Integer maxBatchTokens;

  @Option(names = "--window-size", paramLabel = "N", description = "Rows tokenized and length-sorted together (default: 8192).")
  Integer windowSize;

  @Option(names = "--intra-op-threads", paramLabel = "N", description = "ONNX Runtime threads per model (default: 1, one per task slot).")
  Integer intraOpThreads;

  @Option(names = "--progress-seconds", paramLabel = "N", description = "Print a progress line every N seconds (default: 30; 0: off).")
  Integer progressSeconds;

  @Option(names = "--keep-cols", paramLabel = "A,B", split = ",", description = "Input columns to copy to the output.")
  List<String> keepCols;





  @Override
  public Integer call() {
    EmbedJobConfig flags = new EmbedJobConfig(input, inputFormat, idCol, textCol, job.output, outputFormat, model,
        prefix, batchSize, maxBatchTokens, windowSize, intraOpThreads, progressSeconds, keepCols, job.mode, job.master, job.conf);
    EmbedJobConfig config = ConfigFiles.merge(job.configFile == null ? null : EmbedJobConfig.read(job.configFile), flags)
        .withDefaults()
        .validate();
    // Fail on bad paths or a bad model before paying for a Spark session.
    JobOptions.applyDriverSettings(config.conf());
    EmbedJob.preflight(config, OutputPaths.hadoopConf(config.conf()));
    JobOptions.runJob("spark-embed embed", config.master(), config.conf(), spec.commandLine().getOut(),
        spark -> EmbedJob.run(spark, config).toJson());
    return 0;
  }
}
