package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.Random;

/**
 * Principal components of rows held in memory, by power iteration with deflation on the centred
 * rows (two passes over the rows per step, no d x d matrix): the map's PCA option, t-SNE's
 * starting layout, and the baseline its neighbourhood preservation is compared against.
 */
public final class Projection {

  private static final int MAX_STEPS = 300;

  private Projection() {}

  /** @return the rows' coordinates on the first {@code components} principal axes, row i at [i * components ...] */
  public static double[] pca(VectorBlock rows, int components, long seed) {
    int n = rows.size();
    int dim = rows.dim();
    double[] mean = rows.mean();
    float[] row = new float[dim];
    double[][] axes = new double[components][];
    Random random = new Random(seed);
    for (int c = 0; c < components; c++) {
      double[] v = new double[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = random.nextGaussian();
      }
      orthonormalise(v, axes, c);
      for (int step = 0; step < MAX_STEPS; step++) {
        double[] next = covarianceTimes(rows, mean, v);
        orthonormalise(next, axes, c);
        double change = 0;
        for (int d = 0; d < dim; d++) {
          change += Math.abs(next[d] - v[d]);
        }
        v = next;
        if (change < 1e-9) {
          break;
        }
      }
      // A fixed sign (largest coordinate positive) so that the picture does not flip between runs.
      int largest = 0;
      for (int d = 1; d < dim; d++) {
        if (Math.abs(v[d]) > Math.abs(v[largest])) {
          largest = d;
        }
      }
      if (v[largest] < 0) {
        for (int d = 0; d < dim; d++) {
          v[d] = -v[d];
        }
      }
      axes[c] = v;
    }
    double[] out = new double[n * components];
    for (int i = 0; i < n; i++) {
      rows.copyRow(i, row, 0);
      for (int c = 0; c < components; c++) {
        double dot = 0;
        for (int d = 0; d < dim; d++) {
          dot += (row[d] - mean[d]) * axes[c][d];
        }
        out[i * components + c] = dot;
      }
    }
    return out;
  }

  /** (X - mean)ᵀ (X - mean) v, without forming the covariance matrix. */
  private static double[] covarianceTimes(VectorBlock rows, double[] mean, double[] v) {
    int dim = mean.length;
    double[] out = new double[dim];
    float[] row = new float[dim];
    for (int i = 0; i < rows.size(); i++) {
      rows.copyRow(i, row, 0);
      double dot = 0;
      for (int d = 0; d < dim; d++) {
        dot += (row[d] - mean[d]) * v[d];
      }
      for (int d = 0; d < dim; d++) {
        out[d] += (row[d] - mean[d]) * dot;
      }
    }
    return out;
  }

  /** Removes the components along the first {@code count} axes and scales to unit length. */
  private static void orthonormalise(double[] v, double[][] axes, int count) {
    for (int a = 0; a < count; a++) {
      double dot = 0;
      for (int d = 0; d < v.length; d++) {
        dot += v[d] * axes[a][d];
      }
      for (int d = 0; d < v.length; d++) {
        v[d] -= dot * axes[a][d];
      }
    }
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (int d = 0; d < v.length; d++) {
      v[d] = norm == 0 ? 0 : v[d] / norm;
    }
  }
}
