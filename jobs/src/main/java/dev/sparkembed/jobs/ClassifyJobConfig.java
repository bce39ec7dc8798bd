package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.util.List;

/**
 * The classify job's settings; JSON keys are the CLI's flag names. Two modes: {@code train} fits
 * and evaluates a classifier on labelled embeddings; {@code model} + {@code input} applies a
 * fitted one.
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record ClassifyJobConfig(
    @Flag(value = "Train on this labelled embed output.", label = "PATH") String train,
    @Flag(value = "Apply this fitted model (a training run's OUT/model).", label = "PATH") String model,
    @Flag(value = "Embed output to classify with --model.", label = "PATH") String input,
    @Flag(value = "Corpus to join back by id for the TF-IDF baseline's text, when the embed output did not keep it.",
        label = "PATH") String text,
    @Flag(value = "Id column.", label = "COL", defaultValue = "id") String idCol,
    @Flag(value = "Text column.", label = "COL", defaultValue = "text") String textCol,
    @Flag(value = "Vector column.", label = "COL", defaultValue = "embedding") String embeddingCol,
    @Flag(value = "Label column (string or integer).", label = "COL", defaultValue = "label") String labelCol,
    @Flag(value = "Cross-validation folds for choosing the regularisation.", label = "N", defaultValue = "5") Integer folds,
    @Flag(value = "Leave out (and report) classes with fewer labelled rows than this; 0 keeps every class.", label = "N",
        defaultValue = "0") Integer minClassRows,
    @Flag(value = "Share of each class held out for testing.", label = "F", defaultValue = "0.2") Double testFraction,
    @Flag(value = "L2 regularisation values cross-validation tries, comma-separated.", label = "R,R,...",
        defaultValue = "0.0001,0.001,0.01,0.1") List<Double> regParams,
    @Flag(value = "Most L-BFGS iterations per logistic regression fit.", label = "N", defaultValue = "50") Integer maxIter,
    @Flag(value = "Input columns copied to the predictions.", label = "A,B") List<String> keepCols,
    @Flag(value = "Seed of the test split and the folds.", label = "N", defaultValue = "42") Long seed,
    @Flag(value = "Output folder.", label = "PATH") String output,
    @Flag(value = "Write the HTML report here (training).", label = "FILE.html") String report,
    @FlagGroup SparkRun run) {

  public static ClassifyJobConfig read(Path file) {
    return ConfigFiles.read(file, ClassifyJobConfig.class);
  }

  public ClassifyJobConfig withDefaults() {
    return ConfigFiles.withDefaults(this);
  }

  public boolean training() {
    return train != null;
  }

  public ClassifyJobConfig validate() {
    require(train != null ^ model != null,
        train == null ? "give --train EMBEDDINGS to fit a classifier, or --model OUT/model --input EMBEDDINGS to apply one"
            : "--train and --model exclude each other: train a classifier, or apply one");
    require(output != null && !output.isBlank(), "--output is required");
    if (training()) {
      require(input == null, "--input is the embeddings to classify with --model; to train, give them as --train");
      require(keepCols.isEmpty(), "--keep-cols applies to predictions (--model), not to training");
      require(folds >= 2, "--folds must be at least 2, got " + folds);
      require(testFraction > 0 && testFraction < 1, "--test-fraction must be between 0 and 1 (exclusive), got " + testFraction);
      require(!regParams.isEmpty(), "--reg-params needs at least one value");
      regParams.forEach(r -> require(r != null && r >= 0 && !r.isInfinite(), "--reg-params values must be >= 0, got " + r));
      require(minClassRows >= 0, "--min-class-rows must be >= 0, got " + minClassRows);
      require(maxIter >= 1, "--max-iter must be at least 1, got " + maxIter);
      require(report == null || report.endsWith(".html"), "--report must name an .html file, got " + report);
    } else {
      require(input != null && !input.isBlank(), "--input (the embeddings to classify) is required with --model");
      require(report == null, "--report is written by training (--train); predictions have their _summary.json");
      require(text == null, "--text is for training's TF-IDF baseline; predictions need only the embeddings");
    }
    run.wholeOutputMode();
    return this;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
