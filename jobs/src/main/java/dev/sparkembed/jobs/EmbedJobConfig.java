package dev.sparkembed.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.model.BuiltinModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything the embed job takes. A JSON config file uses the CLI's flag names as keys
 * ({@code "input-format"}, {@code "keep-cols"}, ...); flags override the file. Null means "not
 * given": {@link #withDefaults()} fills in defaults, {@link #validate()} checks values.
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
    Integer batchSize,
    Integer maxBatchTokens,
    Integer windowSize,
    Integer intraOpThreads,
    List<String> keepCols,
    String mode,
    String master,
    Map<String, String> conf) {

  public static final String DEFAULT_ID_COL = "id";
  public static final String DEFAULT_TEXT_COL = "text";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public static EmbedJobConfig empty() {
    return new EmbedJobConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Reads a JSON config file; unknown keys are an error, not silently ignored. */
  public static EmbedJobConfig read(Path file) {
    try {
      return JSON.readValue(Files.readString(file), EmbedJobConfig.class);
    } catch (NoSuchFileException e) {
      throw new UserInputException("config file " + file + " does not exist");
    } catch (UnrecognizedPropertyException e) {
      throw new UserInputException("unknown key '" + e.getPropertyName() + "' in config file " + file
          + " (known keys: " + String.join(", ", knownKeys()) + ")");
    } catch (JsonProcessingException e) {
      throw new UserInputException("config file " + file + " is not valid: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new UserInputException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  static List<String> knownKeys() {
    PropertyNamingStrategies.KebabCaseStrategy kebab = new PropertyNamingStrategies.KebabCaseStrategy();
    return java.util.Arrays.stream(EmbedJobConfig.class.getRecordComponents())
        .map(c -> kebab.translate(c.getName()))
        .toList();
  }

  /** This config with every value that {@code flags} sets replaced; conf entries merge, flags winning. */
  public EmbedJobConfig overriddenBy(EmbedJobConfig flags) {
    Map<String, String> mergedConf = new LinkedHashMap<>();
    if (conf != null) {
      mergedConf.putAll(conf);
    }
    if (flags.conf != null) {
      mergedConf.putAll(flags.conf);
    }
    return new EmbedJobConfig(
        pick(flags, EmbedJobConfig::input),
        pick(flags, EmbedJobConfig::inputFormat),
        pick(flags, EmbedJobConfig::idCol),
        pick(flags, EmbedJobConfig::textCol),
        pick(flags, EmbedJobConfig::output),
        pick(flags, EmbedJobConfig::outputFormat),
        pick(flags, EmbedJobConfig::model),
        pick(flags, EmbedJobConfig::batchSize),
        pick(flags, EmbedJobConfig::maxBatchTokens),
        pick(flags, EmbedJobConfig::windowSize),
        pick(flags, EmbedJobConfig::intraOpThreads),
        pick(flags, EmbedJobConfig::keepCols),
        pick(flags, EmbedJobConfig::mode),
        pick(flags, EmbedJobConfig::master),
        mergedConf.isEmpty() ? null : mergedConf);
  }

  private <T> T pick(EmbedJobConfig flags, Function<EmbedJobConfig, T> field) {
    T flagValue = field.apply(flags);
    return flagValue != null ? flagValue : field.apply(this);
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
        Objects.requireNonNullElse(batchSize, defaults.batchSize()),
        Objects.requireNonNullElse(maxBatchTokens, defaults.maxBatchTokens()),
        Objects.requireNonNullElse(windowSize, defaults.windowSize()),
        Objects.requireNonNullElse(intraOpThreads, defaults.intraOpThreads()),
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
    require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
    require(maxBatchTokens >= 1, "--max-batch-tokens must be at least 1, got " + maxBatchTokens);
    require(windowSize >= 1, "--window-size must be at least 1, got " + windowSize);
    require(intraOpThreads >= 1, "--intra-op-threads must be at least 1, got " + intraOpThreads);
    for (String column : keepCols) {
      require(column != null && !column.isBlank(), "--keep-cols has an empty column name");
    }
    return this;
  }

  public EmbedSettings embedSettings() {
    return new EmbedSettings(batchSize, maxBatchTokens, windowSize, intraOpThreads);
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
