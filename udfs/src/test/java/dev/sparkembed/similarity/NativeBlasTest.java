package dev.sparkembed.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeBlasTest {

  @Test
  void withoutANativeLibraryOnePlainLineSaysWhatItCostsAndNetlibsWarningIsGone() throws Exception {
    // Netlib loads the library this property names (libblas.so.3 by default): a name no machine has
    // gives what a machine without OpenBLAS gets.
    ChildJvm.Result run = ChildJvm.run(NativeBlasMain.class,
        List.of("--add-modules=jdk.incubator.vector", "-Ddev.ludovic.netlib.blas.nativeLib=libno-such-blas.so.3"));
    assertEquals(0, run.exitCode(), run.output());
    List<String> lines = run.output().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    assertEquals(1, lines.size(), run.output());
    assertTrue(lines.get(0).startsWith("spark-embed: no native BLAS (libblas.so.3) on this machine: "), lines.get(0));
    assertTrue(lines.get(0).contains("apt-get install libopenblas0-pthread"), lines.get(0));
    assertFalse(run.output().contains("Failed to load implementation"), "netlib's own warning is silenced: " + run.output());
  }
}
