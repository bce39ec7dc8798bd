package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a cluster needs from the application jar, and nothing it must not carry. */
class ShadedJarIT {

  private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib|a)$");
  private static final Pattern LINUX_X86_64 = Pattern.compile(".*/(linux-x64|linux-x86_64|linux-x86-64)/.*");

  @Test
  void sparkProvidedServicesMergedOnlyLinuxX8664Natives() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(LocalCluster.PROJECT.resolve("jobs/target"))) {
      jar = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow();
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = file.stream().map(e -> e.getName()).toList();
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/apache/spark/")).limit(5).toList(),
          "Spark is provided by the cluster");
      List<String> natives = names.stream().filter(n -> NATIVE.matcher(n).matches()).toList();
      assertEquals(List.of(), natives.stream().filter(n -> !LINUX_X86_64.matcher(n).matches()).toList(),
          "only Linux x86-64 native libraries");
      for (String needed : List.of("libonnxruntime.so", "libtokenizers.so", "libjnidispatch.so")) {
        assertTrue(natives.stream().anyMatch(n -> n.endsWith("/" + needed)), needed + " in " + natives);
      }
      // DJL finds engines through ServiceLoader: the merged file must name the ONNX Runtime engine.
      String engines = new String(file.getInputStream(file.getEntry("META-INF/services/ai.djl.engine.EngineProvider"))
          .readAllBytes());
      assertTrue(engines.contains("ai.djl.onnxruntime.engine.OrtEngineProvider"), engines);
      assertTrue(names.contains("dev/sparkembed/cli/SparkEmbedCli.class"));
      // Lake formats are added (packages) only by jobs that read or write tables.
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("io/delta/") || n.startsWith("org/apache/iceberg/"))
          .limit(5).toList(), "Delta and Iceberg are not in the application jar");
      // Every executor downloads this jar: only the default model is inside (the others load from
      // their carrier jars when a job adds them).
      assertEquals(List.of("all-minilm-l6-v2.onnx"), names.stream().filter(n -> n.endsWith(".onnx")).toList());
    }
    assertTrue(Files.size(jar) < 150L * 1024 * 1024, "the application jar is " + Files.size(jar) + " bytes");
  }
}
