package dev.sparkembed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code spark-embed --version} against the versions the root pom.xml pins. */
class VersionTest {

  private static String pomProperty(String name) throws Exception {
    Path pom = Path.of(System.getProperty("spark.embed.projectRoot", "..")).resolve("pom.xml");
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
    assertTrue(m.find(), name + " in " + pom);
    return m.group(1);
  }

  @Test
  void versionNamesSparkDjlOnnxRuntimeAndTheBuiltInModels() throws Exception {
    StringWriter out = new StringWriter();
    int code = SparkEmbedCli.execute(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    assertEquals(0, code);
    String text = out.toString();
    // The Spark and Scala this test runs on: the default line's, or a profile's (mvn -Pspark-3.5 test).
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    assertTrue(text.contains("Spark " + spark + " (built for " + spark + "), Scala "
        + scala.util.Properties.versionNumberString()), text);
    assertTrue(text.contains("DJL " + pomProperty("djl.version") + ", ONNX Runtime " + pomProperty("onnxruntime.version")), text);
    for (String model : new String[] {"all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q"}) {
      assertTrue(text.contains("\n  " + model), model + " listed: " + text);
    }
    assertTrue(text.startsWith("spark-embed "), text);
  }
}
