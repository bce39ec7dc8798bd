package dev.sparkembed.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.testing.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two explicit ways in, in a fresh JVM whose copy of the library has no service file: the
 * functions are absent until {@code SparkEmbedFunctions.register} runs, and a session built with
 * {@code spark.sql.extensions} naming the extension has them. (The service file itself is {@link
 * SqlFunctionsTest}'s way in.)
 */
class ExtensionLoadingTest {

  @TempDir Path dir;

  @Test
  void byRegisterOnARunningSessionAndByConfig() throws Exception {
    String output = runWithoutServiceFile("both");
    assertTrue(output.contains("plain: missing (AnalysisException)"), "no service file, no functions: " + output);
    assertTrue(output.contains("registered: cosine=0.96 status=ok"), output);
    assertTrue(output.contains("configured: cosine=0.96 status=ok"), output);
  }

  private String runWithoutServiceFile(String mode) throws IOException, InterruptedException, URISyntaxException {
    Path classes = Path.of(SparkEmbedExtensions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path copy = dir.resolve(mode + "-classes");
    try (Stream<Path> files = Files.walk(classes)) {
      files.forEach(source -> {
        Path target = copy.resolve(classes.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else if (!source.getFileName().toString().equals("org.apache.spark.sql.SparkSessionExtensionsProvider")) {
            Files.copy(source, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    List<String> entries = new ArrayList<>();
    for (String entry : ChildJvm.testClassPath().split(java.io.File.pathSeparator)) {
      entries.add(Path.of(entry).toAbsolutePath().equals(classes.toAbsolutePath()) ? copy.toString() : entry);
    }
    assertTrue(entries.contains(copy.toString()), "the library's classes are on the test classpath");
    List<String> options = new ArrayList<>(List.of("-Xmx1g", "-Xss4m"));
    options.addAll(ChildJvm.sparkModuleOptions());
    ChildJvm.Result run = ChildJvm.runWithClassPath(String.join(java.io.File.pathSeparator, entries),
        ExtensionLoadingMain.class, options, mode);
    assertEquals(0, run.exitCode(), run.output());
    return run.output();
  }
}
