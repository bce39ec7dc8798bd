package dev.sparkembed.jobs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.model.BuiltinModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the embed job takes. A JSON config file uses the CLI's flag names as keys
 * ({@code "input-format"}, {@code "keep-cols"}, ...); flags override the file. Null means "not
 * given": {@link #withDefaults()} fills in defaults, {@link #validate()} checks values. The batch
 * limits stay null when not given: each task takes its device's ({@link EmbedSettings#DEVICE_DEFAULT}).
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
public record EmbedJobConfig(
    String input,
    String inputFormat,
    String idCol,
    String textCol,
    String output,
    String outputFormat,
    String model,
    String prefix,
    Integer batchSize,
    Integer maxBatchTokens,
    Integer windowSize,
    Integer intraOpThreads,
    Integer progressSeconds,
    List<String> keepCols,
    String mode,
    String master,
    Map<String, String> conf) {

  public static final String DEFAULT_ID_COL = "id";
  public static final String DEFAULT_TEXT_COL = "text";

  /** Reads a JSON config file; unknown keys are an error, not silently ignored. */
  public static EmbedJobConfig read(Path file) {
    return ConfigFiles.read(file, EmbedJobConfig.class);
  }

  /** Fills every value not given with its default. The input format stays null: it comes from the files. */
  public EmbedJobConfig withDefaults() {
    EmbedSettings defaults = EmbedSettings.DEFAULTS;
    return new EmbedJobConfig(
        input,
        inputFormat,
        idCol,
        Objects.requireNonNullElse(textCol, DEFAULT_TEXT_COL),
        output,
        Objects.requireNonNullElse(outputFormat, "parquet"),
        Objects.requireNonNullElse(model, BuiltinModel.DEFAULT.modelName()),
        Objects.requireNonNullElse(prefix, ""),
        batchSize,
        maxBatchTokens,
        Objects.requireNonNullElse(windowSize, defaults.windowSize()),
        Objects.requireNonNullElse(intraOpThreads, defaults.intraOpThreads()),
        Objects.requireNonNullElse(progressSeconds, 30),
        Objects.requireNonNullElse(keepCols, List.of()),
        Objects.requireNonNullElse(mode, "error"),
        Objects.requireNonNullElse(master, "local[*]"),
        Objects.requireNonNullElse(conf, Map.of()));
  }

  /** Checks a config after {@link #withDefaults()}; throws a one-line {@link UserInputException}. */
  public EmbedJobConfig validate() {
    require(input != null && !input.isBlank(), "--input is required");
    require(output != null && !output.isBlank(), "--output is required");
    if (inputFormat != null) {
      InputFormat.parse(inputFormat);
    }
    OutputFormat.parse(outputFormat);
    WriteMode.parse(mode);
    require(textCol != null && !textCol.isBlank(), "--text-col must not be empty");
    require(idCol == null || !idCol.isBlank(), "--id-col must not be empty");
    require(batchSize == null || batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
    require(maxBatchTokens == null || maxBatchTokens >= 1, "--max-batch-tokens must be at least 1, got " + maxBatchTokens);
    require(windowSize >= 1, "--window-size must be at least 1, got " + windowSize);
    require(intraOpThreads >= 1, "--intra-op-threads must be at least 1, got " + intraOpThreads);
    require(progressSeconds >= 0, "--progress-seconds must be 0 (off) or more, got " + progressSeconds);
    for (String column : keepCols) {
      require(column != null && !column.isBlank(), "--keep-cols has an empty column name");
    }
    return this;
  }

  public EmbedSettings embedSettings() {
    return new EmbedSettings(
        Objects.requireNonNullElse(batchSize, EmbedSettings.DEVICE_DEFAULT),
        Objects.requireNonNullElse(maxBatchTokens, EmbedSettings.DEVICE_DEFAULT),
        windowSize,
        intraOpThreads);
  }

  public WriteMode writeMode() {
    return WriteMode.parse(mode);
  }

  public OutputFormat outputFormatValue() {
    return OutputFormat.parse(outputFormat);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new UserInputException(message);
    }
  }
}
