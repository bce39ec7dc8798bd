package dev.sparkembed.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the Spark master a command line asks for, for {@code scripts/spark-embed} to choose how to
 * launch (a local JVM, or spark-submit): {@code --master} when given, else the top-level
 * {@code "master"} of the {@code --config} file, else nothing. A config file that cannot be read
 * prints nothing here: the command itself then reports it in one line.
 */
public final class LaunchMaster {

  private LaunchMaster() {}

  public static void main(String[] args) {
    String master = of(args);
    if (master != null) {
      System.out.println(master);
    }
  }

  static String of(String[] args) {
    String config = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--master") && i + 1 < args.length) {
        return args[i + 1];
      } else if (args[i].startsWith("--master=")) {
        return args[i].substring("--master=".length());
      } else if (args[i].equals("--config") && i + 1 < args.length) {
        config = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        config = args[i].substring("--config=".length());
      }
    }
    if (config == null) {
      return null;
    }
    try {
      JsonNode master = new ObjectMapper().readTree(Files.readString(Path.of(config))).get("master");
      return master != null && master.isTextual() ? master.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
