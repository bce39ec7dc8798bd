package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/gpu-discovery.sh, read back with Spark's own parser for discovery output. This machine
 * has no GPU, so a stand-in nvidia-smi on the PATH prints what the real one prints
 * ({@code --query-gpu=index --format=csv,noheader}: one index per line).
 */
class GpuDiscoveryScriptTest {

  private static final Path SCRIPT = LocalCluster.PROJECT.resolve("scripts/gpu-discovery.sh");

  @TempDir Path bin;

  @Test
  void listsEveryGpuInSparksFormat() throws Exception {
    Result result = run("0\n1\n2\n3\n", 0);
    assertEquals(0, result.exitCode(), result.stderr());
    ResourceInformation gpus = ResourceInformation.parseJson(result.stdout());
    assertEquals("gpu", gpus.name());
    assertArrayEquals(new String[] {"0", "1", "2", "3"}, gpus.addresses());
  }

  @Test
  void noGpusIsAnEmptyList() throws Exception {
    Result result = run("", 0);
    assertEquals(0, result.exitCode(), result.stderr());
    assertArrayEquals(new String[0], ResourceInformation.parseJson(result.stdout()).addresses());
  }

  @Test
  void driverFailureIsAnError() throws Exception {
    // What nvidia-smi prints, with exit code 9, on a node whose driver is not loaded.
    Result result = run("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", 9);
    assertEquals(1, result.exitCode());
    assertOneLine(result.stderr(), "gpu-discovery: error: nvidia-smi failed: NVIDIA-SMI has failed because");
  }

  @Test
  void unexpectedOutputIsAnError() throws Exception {
    Result result = run("GPU 0: NVIDIA H100\n", 0);
    assertEquals(1, result.exitCode());
    assertOneLine(result.stderr(), "gpu-discovery: error: unexpected nvidia-smi output line 'GPU 0: NVIDIA H100'");
  }

  @Test
  void missingNvidiaSmiIsAnError() throws Exception {
    Result result = run(null, 0);
    assertEquals(1, result.exitCode());
    assertOneLine(result.stderr(), "gpu-discovery: error: nvidia-smi not found on ");
  }

  /** Runs the script with a stand-in nvidia-smi (none when {@code output} is null) and the basics on the PATH. */
  private Result run(String output, int exitCode) throws IOException, InterruptedException {
    if (output != null) {
      Path smi = bin.resolve("nvidia-smi");
      Files.writeString(smi, "#!/bin/sh\ncat <<'OUT'\n" + output + "OUT\nexit " + exitCode + "\n");
      Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes());
    String stderr = new String(process.getErrorStream().readAllBytes());
    return new Result(process.waitFor(), stdout, stderr);
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static void assertOneLine(String message, String expectedPart) {
    assertTrue(message.contains(expectedPart), "expected '" + expectedPart + "' in: " + message);
    assertFalse(message.strip().contains("\n"), "not one line: " + message);
  }
}
