package dev.sparkembed.cluster;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.sparkembed.similarity.NativeBlas;
import dev.sparkembed.similarity.VectorBlock;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netlib.util.intW;

/**
 * Rows with no clusters in them, for the gap statistic's reference: draws from one Gaussian with a
 * sample's mean and covariance, scaled to unit length as the sample's rows are. Such rows have the
 * sample's spread in every direction but no groups, so k-means on them shows how far the
 * within-cluster cost falls with k from the number of rows and the dimension alone.
 *
 * <p>The covariance is factored once (its eigenvectors scaled by the square roots of their
 * eigenvalues); each draw is then standard normal rows times that factor, one matrix product.
 */
final class GaussianReference {

  /**
   * Netlib looks for a native LAPACK first and says so in a WARN when there is none; its Java one is
   * used here on purpose (one 384 x 384 eigendecomposition per run), so the line is noise. Kept so
   * that the level set on it is not lost when the logger is collected.
   */
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.lapack.InstanceBuilder");

  static {
    NETLIB_LOG.setLevel(Level.SEVERE);
  }

  /** Rows per product when summing the covariance, so the centred copy stays small. */
  private static final int ROWS_PER_PRODUCT = 1024;

  private final float[] mean;
  /** Row j: the covariance's j-th eigenvector times the square root of its eigenvalue; d x d, row-major. */
  private final float[] factor;
  private final int dim;

  private GaussianReference(float[] mean, float[] factor, int dim) {
    this.mean = mean;
    this.factor = factor;
    this.dim = dim;
  }

  static GaussianReference of(VectorBlock rows) {
    int n = rows.size();
    int dim = rows.dim();
    if (n < 2) {
      throw new IllegalArgumentException("a reference needs at least 2 rows, got " + n);
    }
    double[] mean = rows.mean();
    float[] row = new float[dim];
    // Covariance (1/n) Xc^T Xc, upper triangle, column-major: a row-major block of centred rows is
    // its transpose column-major, so dsyrk's "N" form gives Xc^T Xc.
    BLAS blas = NativeBlas.blas();
    double[] covariance = new double[dim * dim];
    double[] centred = new double[Math.min(ROWS_PER_PRODUCT, n) * dim];
    for (int start = 0; start < n; start += ROWS_PER_PRODUCT) {
      int m = Math.min(ROWS_PER_PRODUCT, n - start);
      for (int i = 0; i < m; i++) {
        rows.copyRow(start + i, row, 0);
        for (int d = 0; d < dim; d++) {
          centred[i * dim + d] = row[d] - mean[d];
        }
      }
      blas.dsyrk("U", "N", dim, m, 1.0 / n, centred, dim, 1.0, covariance, dim);
    }
    double[] eigenvalues = new double[dim];
    double[] size = new double[1];
    intW info = new intW(0);
    JavaLAPACK lapack = JavaLAPACK.getInstance();
    lapack.dsyev("V", "U", dim, covariance, dim, eigenvalues, size, -1, info);
    double[] work = new double[Math.max(1, (int) size[0])];
    lapack.dsyev("V", "U", dim, covariance, dim, eigenvalues, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("eigendecomposition of the covariance failed (LAPACK dsyev info " + info.val + ")");
    }
    // Column j of the result (column-major) is the j-th eigenvector. Rounding can leave the
    // smallest eigenvalues of a rank-deficient covariance (fewer rows than dimensions) just below 0.
    float[] factor = new float[dim * dim];
    for (int j = 0; j < dim; j++) {
      double scale = Math.sqrt(Math.max(0, eigenvalues[j]));
      for (int d = 0; d < dim; d++) {
        factor[j * dim + d] = (float) (scale * covariance[j * dim + d]);
      }
    }
    float[] meanFloats = new float[dim];
    for (int d = 0; d < dim; d++) {
      meanFloats[d] = (float) mean[d];
    }
    return new GaussianReference(meanFloats, factor, dim);
  }

  /** {@code n} unit rows, the same for the same seed. */
  VectorBlock draw(int n, long seed) {
    float[] data = drawUnscaled(n, seed);
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        norm += (double) data[i * dim + d] * data[i * dim + d];
      }
      float scale = norm == 0 ? 1f : (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] *= scale;
      }
    }
    return new VectorBlock(new String[n], data, dim);
  }

  /** Draws before scaling to unit length, row-major: standard normal rows times the factor, plus the mean. */
  float[] drawUnscaled(int n, long seed) {
    Random random = new Random(seed);
    float[] normal = new float[n * dim];
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) random.nextGaussian();
    }
    // Row-major z * factor is, read column-major, factor^T z^T: what sgemm computes from the two
    // row-major arrays read column-major.
    float[] data = new float[n * dim];
    NativeBlas.blas().sgemm("N", "N", dim, n, dim, 1f, factor, dim, normal, dim, 0f, data, dim);
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) {
        data[i * dim + d] += mean[d];
      }
    }
    return data;
  }
}
