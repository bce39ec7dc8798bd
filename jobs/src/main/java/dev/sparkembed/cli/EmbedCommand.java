package dev.sparkembed.cli;

import dev.sparkembed.jobs.EmbedJob;
import dev.sparkembed.jobs.EmbedJobConfig;
import dev.sparkembed.jobs.EmbedSummary;
import dev.sparkembed.jobs.OutputPaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
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

  @Option(names = "--input", paramLabel = "PATH", description = "File or folder to embed.")
  String input;

  @Option(names = "--input-format", paramLabel = "FORMAT", description = "jsonl, parquet, csv or text (default: from the file extension).")
  String inputFormat;

  @Option(names = "--id-col", paramLabel = "COL", description = "Id column (default: id; without one, ids are derived from file name and text).")
  String idCol;

  @Option(names = "--text-col", paramLabel = "COL", description = "Text column (default: text).")
  String textCol;

  @Option(names = "--output", paramLabel = "PATH", description = "Output folder.")
  String output;

  @Option(names = "--output-format", paramLabel = "FORMAT", description = "parquet or jsonl (default: parquet).")
  String outputFormat;

  @Option(names = "--model", paramLabel = "NAME|PATH", description = "Built-in model name or model folder (default: all-minilm-l6-v2).")
  String model;

  @Option(names = "--batch-size", paramLabel = "N", description = "Most texts per inference call (default: 64).")
  Integer batchSize;

  @Option(names = "--max-batch-tokens", paramLabel = "N", description = "Most padded tokens per inference call (default: 16384).")
  Integer maxBatchTokens;

  @Option(names = "--window-size", paramLabel = "N", description = "Rows tokenized and length-sorted together (default: 4096).")
  Integer windowSize;

  @Option(names = "--intra-op-threads", paramLabel = "N", description = "ONNX Runtime threads per model (default: 1, one per task slot).")
  Integer intraOpThreads;

  @Option(names = "--keep-cols", paramLabel = "A,B", split = ",", description = "Input columns to copy to the output.")
  List<String> keepCols;

  @Option(names = "--mode", paramLabel = "MODE", description = "error (refuse a non-empty output, the default) or overwrite.")
  String mode;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Spark configuration; repeatable.")
  Map<String, String> conf;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON file with the same keys as these flags (\"input-format\", ...); flags win.")
  Path configFile;

  @Override
  public Integer call() {
    EmbedJobConfig flags = new EmbedJobConfig(input, inputFormat, idCol, textCol, output, outputFormat, model,
        batchSize, maxBatchTokens, windowSize, intraOpThreads, keepCols, mode, master, conf);
    EmbedJobConfig config = (configFile == null ? EmbedJobConfig.empty() : EmbedJobConfig.read(configFile))
        .overriddenBy(flags)
        .withDefaults()
        .validate();
    // Fail on bad paths or a bad model before paying for a Spark session.
    EmbedJob.preflight(config, OutputPaths.hadoopConf(config.conf()));
    try (SparkSessions.Handle session = SparkSessions.open("spark-embed embed", config.master(), config.conf())) {
      EmbedSummary summary = EmbedJob.run(session.spark(), config);
      spec.commandLine().getOut().println(summary.toJson());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
