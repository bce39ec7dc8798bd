package dev.sparkembed.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binds a job's config record from its JSON config file, its flags and the defaults its {@link
 * Flag}s declare, with {@link FlagGroup} keys kept flat; every problem is one line naming the file.
 */
public final class ConfigFiles {

  // A fraction where a count belongs ("batch-size": 1.5) is an error, not a number cut short.
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB = new PropertyNamingStrategies.KebabCaseStrategy();

  private ConfigFiles() {}

  static <T extends Record> T read(Path file, Class<T> type) {
    try {
      JsonNode tree = JSON.readTree(Files.readString(file));
      if (!(tree instanceof ObjectNode object)) {
        throw new UserInputException("config file " + file + " is not valid: expected a JSON object");
      }
      return JSON.treeToValue(nest(object, type), type);
    } catch (NoSuchFileException e) {
      throw new UserInputException("config file " + file + " does not exist");
    } catch (UnrecognizedPropertyException e) {
      List<String> names = userPath(e.getPath(), type);
      String section = inSection(names.subList(0, Math.max(0, names.size() - 1)));
      List<String> known = e.getReferringClass() != null && e.getReferringClass().isRecord()
          ? knownKeys(e.getReferringClass().asSubclass(Record.class)) : knownKeys(type);
      throw new UserInputException("unknown key '" + e.getPropertyName() + "'" + section + (section.isEmpty() ? " in" : " of")
          + " config file " + file
          + " (known keys: " + String.join(", ", known) + ")");
    } catch (MismatchedInputException e) {
      List<String> names = userPath(e.getPath(), type);
      String expected = expected(e.getTargetType());
      if (names.isEmpty() || expected == null) {
        throw new UserInputException("config file " + file + " is not valid: " + e.getOriginalMessage());
      }
      int keyAt = names.size() - 1;
      String key = names.get(keyAt);
      JsonMappingException.Reference last = e.getPath().get(e.getPath().size() - 1);
      if (last.getFrom() instanceof Map && names.size() >= 2) { // a value of a map key such as "conf"
        keyAt--;
        key = names.get(keyAt) + "' entry '" + key;
      }
      String what = last.getIndex() >= 0 ? "each item of '" + key + "'" : "'" + key + "'"; // inside a list, or not
      throw new UserInputException("config file " + file + " is not valid: " + what + inSection(names.subList(0, keyAt))
          + " must be " + expected);
    } catch (JsonProcessingException e) {
      throw new UserInputException("config file " + file + " is not valid: " + e.getOriginalMessage()
          + (e.getLocation() != null && e.getLocation().getLineNr() > 0 ? " at line " + e.getLocation().getLineNr() : ""));
    } catch (IOException e) {
      throw new UserInputException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  /**
   * The keys on the way to a value as the user wrote them: a pipeline's section ("embed") and the
   * key, without the {@link FlagGroup} objects that {@link #nest} makes and list positions.
   */
  private static List<String> userPath(List<JsonMappingException.Reference> path, Class<?> type) {
    List<String> names = new java.util.ArrayList<>();
    Class<?> current = type;
    for (JsonMappingException.Reference reference : path) {
      String name = reference.getFieldName();
      if (name == null) {
        continue;
      }
      RecordComponent component = current == null || !current.isRecord() ? null : Arrays.stream(current.getRecordComponents())
          .filter(c -> KEBAB.translate(c.getName()).equals(name)).findFirst().orElse(null);
      if (component == null || !component.isAnnotationPresent(FlagGroup.class)) {
        names.add(name);
      }
      current = component == null ? null : component.getType();
    }
    return names;
  }

  /** " in the 'embed' section" for a key inside a section; nothing at the top level. */
  private static String inSection(List<String> sections) {
    return sections.isEmpty() ? "" : " in the '" + String.join(".", sections) + "' section";
  }

  /** What a config value of a Java type is, in JSON's words; null for types no key has. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return null;
    } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number, written without a decimal point";
    } else if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    } else if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    } else if (type == String.class) {
      return "a string";
    } else if (List.class.isAssignableFrom(type)) {
      return "a list ([...])";
    } else if (Map.class.isAssignableFrom(type)) {
      return "an object ({\"name\": \"value\", ...})";
    }
    return null;
  }

  /**
   * The record a command runs with: the config file's values (may be null), then the flags'
   * (a map value such as Spark conf merges key by key, flags winning), then the defaults that
   * {@link Flag} declares for whatever neither gave.
   *
   * @param flags the flags given on the command line, by key
   */
  public static <T extends Record> T bind(Class<T> type, Path file, ObjectNode flags) {
    ObjectNode merged = file == null ? JSON.createObjectNode() : tree(read(file, type));
    flags.fields().forEachRemaining(entry -> {
      JsonNode fromFile = merged.get(entry.getKey());
      if (fromFile instanceof ObjectNode fileMap && entry.getValue() instanceof ObjectNode flagMap) {
        fileMap.setAll(flagMap);
      } else {
        merged.set(entry.getKey(), entry.getValue());
      }
    });
    return toRecord(withDefaults(merged, type), type);
  }

  /** The values a config gives (not null), by flat key. */
  public static Map<String, Object> given(Record config) {
    @SuppressWarnings("unchecked")
    Map<String, Object> values = JSON.convertValue(tree(config), Map.class);
    return values;
  }

  /** A config from values by key ({@code "max-list-rows"}), the rest defaults: for code that runs a job. */
  public static <T extends Record> T of(Class<T> type, Map<String, ?> values) {
    ObjectNode tree = JSON.createObjectNode();
    values.forEach((key, value) -> tree.set(key, JSON.valueToTree(value)));
    return toRecord(withDefaults(tree, type), type);
  }

  /** {@code config} with every value it does not give set to its {@link Flag} default. */
  public static <T extends Record> T withDefaults(T config) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) config.getClass();
    return toRecord(withDefaults(tree(config), type), type);
  }

  /** A copy of {@code config} with some values set, by key ({@code "max-list-rows"}); null unsets. */
  public static <T extends Record> T with(T config, Map<String, ?> values) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) config.getClass();
    return convert(config, type, values);
  }

  /**
   * Another job's config from this one's values, key by key ({@code values} set or rename some):
   * dedup's settings become the threshold self-join's. Keys the other job does not have are dropped.
   */
  public static <T extends Record> T convert(Record config, Class<T> type, Map<String, ?> values) {
    ObjectNode tree = tree(config);
    values.forEach((key, value) -> tree.set(key, JSON.valueToTree(value)));
    tree.retain(knownKeys(type));
    return toRecord(tree, type);
  }

  private static ObjectNode withDefaults(ObjectNode tree, Class<? extends Record> type) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(FlagGroup.class)) {
        withDefaults(tree, groupType(component)); // its keys are the owner's, at the top level
        continue;
      }
      String key = KEBAB.translate(component.getName());
      JsonNode value = tree.get(key);
      if (value != null && !value.isNull()) {
        continue;
      }
      Flag flag = component.getAnnotation(Flag.class);
      if (component.getType() == List.class) {
        // A list default is written as the flag takes it: comma-separated (numbers only).
        tree.set(key, flag != null && !flag.defaultValue().isEmpty()
            ? defaultNode("[" + flag.defaultValue() + "]", List.class) : JSON.createArrayNode());
      } else if (component.getType() == Map.class) {
        tree.set(key, JSON.createObjectNode());
      } else if (flag != null && !flag.defaultValue().isEmpty()) {
        tree.set(key, defaultNode(flag.defaultValue(), component.getType()));
      }
    }
    return tree;
  }

  private static JsonNode defaultNode(String value, Class<?> type) {
    try {
      return type == String.class ? JSON.getNodeFactory().textNode(value) : JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad default '" + value + "' for a " + type.getSimpleName(), e);
    }
  }

  /** A {@link FlagGroup}'s keys moved from the top level into its own object, as the record reads them. */
  private static ObjectNode nest(ObjectNode flat, Class<? extends Record> type) {
    ObjectNode out = flat.deepCopy();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = KEBAB.translate(component.getName());
      if (component.isAnnotationPresent(FlagGroup.class)) {
        Class<? extends Record> group = groupType(component);
        ObjectNode values = JSON.createObjectNode();
        for (String key : knownKeys(group)) {
          if (out.has(key)) {
            values.set(key, out.remove(key));
          }
        }
        out.set(name, nest(values, group));
      } else if (component.getType().isRecord() && out.get(name) instanceof ObjectNode section) {
        out.set(name, nest(section, groupType(component))); // a pipeline's stage section
      }
    }
    return out;
  }

  /** The other way: a group's values back at the top level, where users write them. */
  private static ObjectNode flatten(ObjectNode nested, Class<? extends Record> type) {
    ObjectNode out = nested.deepCopy();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = KEBAB.translate(component.getName());
      if (component.isAnnotationPresent(FlagGroup.class)) {
        JsonNode values = out.remove(name);
        if (values instanceof ObjectNode group) {
          out.setAll(flatten(group, groupType(component)));
        }
      } else if (component.getType().isRecord() && out.get(name) instanceof ObjectNode section) {
        out.set(name, flatten(section, groupType(component)));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Record> groupType(RecordComponent component) {
    return (Class<? extends Record>) component.getType();
  }

  private static ObjectNode tree(Record config) {
    ObjectNode tree = flatten(JSON.valueToTree(config), config.getClass());
    List<String> nulls = new java.util.ArrayList<>();
    tree.fields().forEachRemaining(entry -> {
      if (entry.getValue().isNull()) {
        nulls.add(entry.getKey());
      }
    });
    tree.remove(nulls);
    return tree;
  }

  private static <T extends Record> T toRecord(ObjectNode tree, Class<T> type) {
    try {
      return JSON.treeToValue(nest(tree, type), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UserInputException("bad settings for " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** The JSON keys (and flag names, without "--") of a config record, a {@link FlagGroup}'s among them. */
  public static List<String> knownKeys(Class<? extends Record> type) {
    List<String> keys = new java.util.ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.isAnnotationPresent(FlagGroup.class)) {
        keys.addAll(knownKeys(groupType(component)));
      } else {
        keys.add(KEBAB.translate(component.getName()));
      }
    }
    return keys;
  }
}
