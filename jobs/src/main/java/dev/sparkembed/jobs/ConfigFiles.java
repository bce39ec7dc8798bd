package dev.sparkembed.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a job's JSON config file into its record; every problem is one line naming the file. */
public final class ConfigFiles {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConfigFiles() {}

  static <T extends Record> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(Files.readString(file), type);
    } catch (NoSuchFileException e) {
      throw new UserInputException("config file " + file + " does not exist");
    } catch (UnrecognizedPropertyException e) {
      throw new UserInputException("unknown key '" + e.getPropertyName() + "' in config file " + file
          + " (known keys: " + String.join(", ", knownKeys(type)) + ")");
    } catch (JsonProcessingException e) {
      throw new UserInputException("config file " + file + " is not valid: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new UserInputException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  /**
   * {@code file} with every value that {@code flags} sets replaced (null: not set); map values
   * (Spark conf) merge, flags winning per key. {@code file} may be null.
   */
  @SuppressWarnings("unchecked")
  public static <T extends Record> T merge(T file, T flags) {
    if (file == null) {
      return flags;
    }
    try {
      RecordComponent[] components = flags.getClass().getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        Object fromFile = components[i].getAccessor().invoke(file);
        Object fromFlags = components[i].getAccessor().invoke(flags);
        types[i] = components[i].getType();
        if (fromFile instanceof Map<?, ?> fileMap && fromFlags instanceof Map<?, ?> flagMap) {
          Map<Object, Object> merged = new LinkedHashMap<>(fileMap);
          merged.putAll(flagMap);
          values[i] = merged;
        } else {
          values[i] = fromFlags != null ? fromFlags : fromFile;
        }
      }
      return (T) flags.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot merge " + flags.getClass().getSimpleName(), e);
    }
  }

  static List<String> knownKeys(Class<? extends Record> type) {
    PropertyNamingStrategies.KebabCaseStrategy kebab = new PropertyNamingStrategies.KebabCaseStrategy();
    return Arrays.stream(type.getRecordComponents()).map(c -> kebab.translate(c.getName())).toList();
  }
}
