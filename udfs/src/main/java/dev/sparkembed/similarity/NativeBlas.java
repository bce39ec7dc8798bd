package dev.sparkembed.similarity;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The BLAS that scores blocks: netlib's native binding when the machine has a {@code
 * libblas.so.3} (OpenBLAS, say), its Java fallback otherwise. Netlib reports a missing library
 * with a cryptic WARN ("Failed to load implementation from: dev.ludovic.netlib.blas.JNIBLAS"); that
 * line is silenced here, and the jobs print {@link #missingNotice()} instead: what it costs and how
 * to install one.
 */
public final class NativeBlas {

  /** Kept so that the level set on it is not lost when the logger is collected. */
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

  static {
    NETLIB_LOG.setLevel(Level.SEVERE);
  }

  private NativeBlas() {}

  /** The instance, with netlib's own warning about a missing native library silenced. */
  public static BLAS blas() {
    return BLAS.getInstance();
  }

  public static boolean loaded() {
    return blas().getClass().getSimpleName().equals("JNIBLAS");
  }

  /** One plain line when the native library is missing (BENCHMARKS.md, "Native BLAS", has the measurement). */
  public static Optional<String> missingNotice() {
    return loaded() ? Optional.empty() : Optional.of(
        "spark-embed: no native BLAS (libblas.so.3) on this machine: similarity joins run on netlib's Java BLAS, "
            + "exact joins about " + EXACT_SLOWDOWN + "x and IVF joins about " + IVF_SLOWDOWN + "x slower (BENCHMARKS.md, "
            + "\"Native BLAS\"); install OpenBLAS on every node (apt-get install libopenblas0-pthread, or dnf install "
            + "openblas) and keep OPENBLAS_NUM_THREADS=1");
  }

  static final String EXACT_SLOWDOWN = "1.2";
  static final String IVF_SLOWDOWN = "1.3";
}
