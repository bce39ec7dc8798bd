package dev.sparkembed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/blas-env.sh, which the launcher sources: which OpenBLAS kernels it asks for on which
 * CPU. The cpuinfo files hold the lines the script reads, as Linux prints them (the flags cut).
 */
class BlasEnvScriptTest {

  private static final Path SCRIPT = LocalCluster.PROJECT.resolve("scripts/blas-env.sh");

  /** An Emerald Rapids VM (family 6, model 207), the CPU OpenBLAS 0.3.21 ran SSE3 kernels on. */
  private static final String EMERALD_RAPIDS = """
      vendor_id\t: GenuineIntel
      cpu family\t: 6
      model\t\t: 207
      model name\t: Intel(R) Xeon(R) Processor
      flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 avx512_fp16
      """;

  /** A Cascade Lake: AVX-512 without BF16, a model OpenBLAS knows. */
  private static final String CASCADE_LAKE = """
      vendor_id\t: GenuineIntel
      cpu family\t: 6
      model\t\t: 85
      flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni
      """;

  /** AMD Zen 4 has AVX512-BF16 too; OpenBLAS has its own kernels for it. */
  private static final String ZEN_4 = """
      vendor_id\t: AuthenticAMD
      cpu family\t: 25
      model\t\t: 17
      flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16
      """;

  @TempDir Path dir;

  @Test
  void intelWithBf16GetsCooperLakeKernels() throws Exception {
    assertEquals("[COOPERLAKE] threads=1", run(EMERALD_RAPIDS, Map.of()));
  }

  @Test
  void otherCpusKeepOpenBlasOwnChoice() throws Exception {
    assertEquals("[unset] threads=1", run(CASCADE_LAKE, Map.of()));
    assertEquals("[unset] threads=1", run(ZEN_4, Map.of()));
  }

  @Test
  void whatTheUserSetIsKept() throws Exception {
    assertEquals("[HASWELL] threads=4", run(EMERALD_RAPIDS, Map.of("OPENBLAS_CORETYPE", "HASWELL", "OPENBLAS_NUM_THREADS", "4")));
    assertEquals("[] threads=1", run(EMERALD_RAPIDS, Map.of("OPENBLAS_CORETYPE", "")));
  }

  private String run(String cpuinfo, Map<String, String> env) throws IOException, InterruptedException {
    Path file = dir.resolve("cpuinfo");
    Files.writeString(file, cpuinfo);
    ProcessBuilder builder = new ProcessBuilder("bash", "-c",
        ". \"$0\"; echo \"[${OPENBLAS_CORETYPE-unset}] threads=$OPENBLAS_NUM_THREADS\"", SCRIPT.toString());
    builder.environment().remove("OPENBLAS_CORETYPE");
    builder.environment().remove("OPENBLAS_NUM_THREADS");
    builder.environment().put("SPARK_EMBED_CPUINFO", file.toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertEquals(0, process.waitFor(), out);
    return out;
  }
}
