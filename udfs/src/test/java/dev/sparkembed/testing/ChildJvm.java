package dev.sparkembed.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a fresh JVM: for what only a clean JVM shows. */
public final class ChildJvm {

  private ChildJvm() {}

  public record Result(int exitCode, String output) {}

  public static Result run(Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return runWithClassPath(testClassPath(), mainClass, jvmOptions, args);
  }

  /** The classpath the tests run with. */
  public static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** The {@code --add-opens} and {@code --add-modules} options this JVM runs with, which Spark needs. */
  public static List<String> sparkModuleOptions() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(option -> option.startsWith("--add-") || option.startsWith("-XX:+IgnoreUnrecognized")).toList();
  }

  public static Result runWithClassPath(String classPath, Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    String cacheDir = System.getProperty("spark.embed.modelCacheDir");
    if (cacheDir != null) {
      command.add("-Dspark.embed.modelCacheDir=" + cacheDir);
    }
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("child JVM did not finish: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
