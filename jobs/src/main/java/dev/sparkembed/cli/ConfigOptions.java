package dev.sparkembed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.sparkembed.jobs.ConfigFiles;
import dev.sparkembed.jobs.Flag;
import dev.sparkembed.jobs.FlagGroup;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * A job command's flags, made from its config record's {@link Flag} components: the record is the
 * one declaration of each option, the flag and the JSON key share its name, and binding merges the
 * {@code --config} file, the flags and the defaults ({@link ConfigFiles#bind}).
 */
final class ConfigOptions {

  static final String CONFIG = "--config";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB = new PropertyNamingStrategies.KebabCaseStrategy();

  private ConfigOptions() {}

  /** Adds a flag for every {@link Flag} component of {@code type}, then {@code --config FILE}. */
  static void addTo(CommandSpec spec, Class<? extends Record> type) {
    addFlags(spec, type);
    spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(Path.class)
        .description("JSON file with the same keys as the flags (\"input-format\", ...); flags win.").build());
  }

  @SuppressWarnings("unchecked")
  private static void addFlags(CommandSpec spec, Class<? extends Record> type) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(FlagGroup.class)) {
        addFlags(spec, (Class<? extends Record>) component.getType());
        continue;
      }
      Flag flag = component.getAnnotation(Flag.class);
      if (flag == null) {
        continue;
      }
      String description = flag.value() + (flag.defaultValue().isEmpty() ? "" : " (default: " + flag.defaultValue() + ")");
      OptionSpec.Builder option = OptionSpec.builder("--" + KEBAB.translate(component.getName()))
          .description(description).paramLabel(flag.label().isEmpty() ? "VALUE" : flag.label());
      Class<?> kind = component.getType();
      if (kind == Boolean.class) {
        option.type(boolean.class).arity("0");
      } else if (kind == List.class) {
        option.type(List.class).auxiliaryTypes(elementType(component)).splitRegex(",");
      } else if (kind == Map.class) {
        option.type(Map.class).auxiliaryTypes(String.class, String.class);
      } else {
        option.type(kind);
      }
      spec.addOption(option.build());
    }
  }

  private static Class<?> elementType(RecordComponent list) {
    if (list.getGenericType() instanceof java.lang.reflect.ParameterizedType type
        && type.getActualTypeArguments()[0] instanceof Class<?> element) {
      return element;
    }
    return String.class;
  }

  /** The config this command line asks for: file, then flags, then defaults. Not yet validated. */
  static <T extends Record> T bind(CommandSpec spec, Class<T> type) {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> keys = ConfigFiles.knownKeys(type);
    ObjectNode flags = JSON.createObjectNode();
    for (OptionSpec option : parsed.matchedOptions()) {
      String key = option.longestName().substring(2);
      if (keys.contains(key)) {
        flags.set(key, JSON.valueToTree(option.getValue()));
      }
    }
    return ConfigFiles.bind(type, configFile(spec), flags);
  }

  static Path configFile(CommandSpec spec) {
    return spec.commandLine().getParseResult().matchedOptionValue(CONFIG, null);
  }
}
