package dev.sparkembed.cluster;

import dev.sparkembed.similarity.SphericalKMeans;
import dev.sparkembed.similarity.VectorBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cosine k-means at every k of a range on a sample of unit vectors held in memory: the fits that
 * {@code --k auto} chooses from ({@link GapStatistic}) and the statistics it was measured against.
 *
 * <p>The silhouette peaks at k = 2 on sentence embeddings: it measures separation, and these spaces
 * have little; so do Calinski–Harabasz and the stability of the clusters across seeds or
 * subsamples. The <em>knee</em> of the within-cluster cost curve and X-means' <em>BIC</em> are kept
 * here for the comparison (BENCHMARKS.md, "Choosing k"): the larger of the two chose k before the
 * gap statistic did, and stopped at 14–19 clusters on the bundled sample, where the NMI against its
 * 53 labels is at 74–82% of its best.
 *
 * <p>One fit per k with {@link SphericalKMeans}, a BLAS product per iteration, so a sweep over
 * 2..60 on 20,000 x 384 takes seconds, not one Spark job per iteration.
 */
public final class KSweep {

  /** Iterations per fit: assignments settle well before this on sentence embeddings. */
  static final int ITERATIONS = 30;

  /**
   * One k's fit.
   *
   * @param assignment each sample row's cluster
   * @param withinSquares sum of squared Euclidean distances of rows to their cluster's mean
   * @param totalSquares sum of squared Euclidean distances of rows to the sample's mean
   * @param bic X-means' Bayesian information criterion (higher is better)
   */
  public record Fit(int k, int[] assignment, double withinSquares, double totalSquares, double bic) {

    /** Within-cluster cost as a share of the total: 1 at k = 1, falling with k. */
    public double withinShare() {
      return withinSquares / totalSquares;
    }

    /** Calinski–Harabasz: between- over within-cluster dispersion, each per degree of freedom. */
    public double calinskiHarabasz() {
      int n = assignment.length;
      return ((totalSquares - withinSquares) / (k - 1)) / (withinSquares / (n - k));
    }
  }

  private KSweep() {}

  /** @param sample unit vectors, more than {@code kMax} of them */
  public static List<Fit> run(VectorBlock sample, int kMin, int kMax, long seed) {
    if (kMin < 2 || kMax < kMin || kMax >= sample.size()) {
      throw new IllegalArgumentException("need 2 <= kMin <= kMax < rows (" + sample.size() + "), got " + kMin + ".." + kMax);
    }
    int n = sample.size();
    double totalSquares = withinSquares(sample, new int[n], new long[] {n});
    // k-means++ seeds, drawn once: the first k of a sequence for kMax are a k-means++ seeding for k.
    float[] seeds = plusPlusSeeds(sample, kMax, seed);
    List<Fit> fits = new ArrayList<>();
    for (int k = kMin; k <= kMax; k++) {
      VectorBlock centroids = SphericalKMeans.fit(sample, Arrays.copyOf(seeds, k * sample.dim()), ITERATIONS, seed);
      int[][] nearest = sample.nearestRows(centroids, 1);
      int[] assignment = new int[n];
      long[] sizes = new long[k];
      for (int i = 0; i < n; i++) {
        assignment[i] = nearest[i][0];
        sizes[assignment[i]]++;
      }
      double within = withinSquares(sample, assignment, sizes);
      fits.add(new Fit(k, assignment, within, totalSquares, bic(sizes, within, sample.dim())));
    }
    return List.copyOf(fits);
  }

  /**
   * Greedy k-means++ seeding (Arthur and Vassilvitskii; greedy as scikit-learn's): the first
   * centroid a random row; then, for each next one, 2 + ln(count) rows drawn with probability
   * proportional to their squared distance from the nearest centroid so far, keeping the one that
   * lowers the total most. Random starting rows often put two seeds in one topic and none in
   * another, and the fit for that k then looks worse than it is; a single draw still does so now
   * and then.
   *
   * @return {@code count} rows, row-major
   */
  static float[] plusPlusSeeds(VectorBlock rows, int count, long seed) {
    int n = rows.size();
    int dim = rows.dim();
    int trials = 2 + (int) Math.log(count);
    Random random = new Random(seed);
    float[] seeds = new float[count * dim];
    int first = random.nextInt(n);
    rows.copyRow(first, seeds, 0);
    double[] nearest = squaredDistances(rows, rows.vector(first), null);
    for (int c = 1; c < count; c++) {
      double total = 0;
      for (double d : nearest) {
        total += d;
      }
      double[] best = null;
      int bestRow = -1;
      double bestTotal = Double.POSITIVE_INFINITY;
      for (int t = 0; t < trials; t++) {
        int candidate = draw(nearest, total, random);
        double[] withCandidate = squaredDistances(rows, rows.vector(candidate), nearest);
        double candidateTotal = 0;
        for (double d : withCandidate) {
          candidateTotal += d;
        }
        if (candidateTotal < bestTotal) {
          bestTotal = candidateTotal;
          best = withCandidate;
          bestRow = candidate;
        }
      }
      rows.copyRow(bestRow, seeds, c * dim);
      nearest = best;
    }
    return seeds;
  }

  /** A row drawn with probability proportional to its weight. */
  private static int draw(double[] weights, double total, Random random) {
    double target = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Each row's squared distance to {@code centre}, or to the nearer of it and {@code nearest}'s. */
  private static double[] squaredDistances(VectorBlock rows, float[] centre, double[] nearest) {
    int dim = rows.dim();
    double[] out = new double[rows.size()];
    IntStream.range(0, rows.size()).parallel().forEach(i -> {
      float[] row = new float[dim];
      rows.copyRow(i, row, 0);
      double dot = 0;
      for (int d = 0; d < dim; d++) {
        dot += (double) row[d] * centre[d];
      }
      double distance = Math.max(0, 2 - 2 * dot); // between unit vectors
      out[i] = nearest == null ? distance : Math.min(nearest[i], distance);
    });
    return out;
  }

  /** Kneedle on a decreasing curve: the point farthest below the chord, both axes scaled to [0, 1]. */
  public static int knee(List<Fit> fits) {
    if (fits.size() < 3) {
      return fits.get(0).k();
    }
    double k0 = fits.get(0).k();
    double k1 = fits.get(fits.size() - 1).k();
    double yMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    for (Fit fit : fits) {
      yMax = Math.max(yMax, fit.withinSquares());
      yMin = Math.min(yMin, fit.withinSquares());
    }
    int best = fits.get(0).k();
    double bestGap = Double.NEGATIVE_INFINITY;
    for (Fit fit : fits) {
      double x = (fit.k() - k0) / (k1 - k0);
      double y = yMax == yMin ? 0 : (fit.withinSquares() - yMin) / (yMax - yMin);
      double gap = 1 - x - y;
      if (gap > bestGap) {
        bestGap = gap;
        best = fit.k();
      }
    }
    return best;
  }

  /**
   * BIC of k spherical Gaussians with one shared per-dimension variance (Pelleg and Moore, X-means):
   * log-likelihood at the maximum-likelihood fit minus half the parameters times log n.
   */
  static double bic(long[] sizes, double withinSquares, int dim) {
    long n = 0;
    for (long size : sizes) {
      n += size;
    }
    int k = sizes.length;
    double variance = Math.max(withinSquares, 1e-12) / ((double) dim * (n - k));
    double logLikelihood = -n * dim / 2.0 * Math.log(2 * Math.PI * variance) - dim * (n - k) / 2.0;
    for (long size : sizes) {
      if (size > 0) {
        logLikelihood += size * Math.log((double) size / n);
      }
    }
    double parameters = (k - 1) + (double) k * dim + 1;
    return logLikelihood - parameters / 2 * Math.log(n);
  }

  /** Σ ||x - mean of x's cluster||² = Σ ||x||² - Σ_c n_c ||mean_c||². */
  static double withinSquares(VectorBlock rows, int[] assignment, long[] sizes) {
    int dim = rows.dim();
    int k = sizes.length;
    double[] sums = new double[k * dim];
    double squares = 0;
    float[] row = new float[dim];
    for (int i = 0; i < rows.size(); i++) {
      rows.copyRow(i, row, 0);
      int offset = assignment[i] * dim;
      for (int d = 0; d < dim; d++) {
        sums[offset + d] += row[d];
        squares += (double) row[d] * row[d];
      }
    }
    for (int c = 0; c < k; c++) {
      if (sizes[c] == 0) {
        continue;
      }
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        norm += sums[c * dim + d] * sums[c * dim + d];
      }
      squares -= norm / sizes[c];
    }
    return squares;
  }
}
