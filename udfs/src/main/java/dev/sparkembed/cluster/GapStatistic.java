package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Choosing k by the gap statistic (Tibshirani, Walther and Hastie, 2001): at each k, how much lower
 * the log within-cluster cost of the sample's fit is than that of the same k-means on rows with no
 * clusters in them ({@link GaussianReference}: one Gaussian with the sample's mean and covariance,
 * the same number of rows, {@value #REFERENCES} draws). The cost falls with k on any rows; the gap
 * grows only while the clusters found are tighter than those k-means cuts out of structureless rows
 * of the same size, so it discounts what a small sample gives by chance.
 *
 * <p>The choice is the smallest k whose gap is within one standard error of the highest gap (Dudoit
 * and Fridlyand's rule; R's {@code cluster::maxSE} calls it "globalSEmax"): as good as the best k
 * within the noise of the reference draws, and no larger. Tibshirani's own rule (the first k whose
 * gap is within one standard error of the next k's) stops at 2–5 on the bundled sample and at
 * 6–34 on 15,000-row corpora: the gap of sentence embeddings rises in small steps, many of them
 * within the noise. BENCHMARKS.md, "Choosing k", has the measurements against the knee of the cost
 * curve, the BIC, Calinski–Harabasz and stability.
 */
public final class GapStatistic {

  /**
   * Reference draws: with 5, the standard errors on sentence embeddings were 0.0001–0.006, an eighth
   * or less of the gap's rise over k = 2..60 (BENCHMARKS.md, "Choosing k"); each draw costs one more
   * sweep.
   */
  public static final int REFERENCES = 5;

  /**
   * One k of the curve.
   *
   * @param gap mean log within-cluster cost of the references minus that of the sample
   * @param standardError the references' standard deviation of the log cost times sqrt(1 + 1/B)
   */
  public record Point(int k, double gap, double standardError) {}

  /**
   * The chosen k and why.
   *
   * @param highestK the k with the highest gap
   */
  public record Choice(int k, int highestK, List<Point> curve, String reason) {}

  /** The sample's own fits and the gap at each of their k. */
  public record Sweep(List<KSweep.Fit> fits, List<Point> curve) {}

  private GapStatistic() {}

  /**
   * The sample's fits at every k of {@code kMin..kMax} ({@link KSweep#run}) and their gaps against
   * {@code references} draws, the {@code 1 + references} sweeps run on up to {@code threads}
   * threads. Each sweep depends on its own seed alone, so the result is the same for any number of
   * threads; each thread holds one reference draw (rows x dimension floats) at a time.
   */
  public static Sweep sweep(VectorBlock sample, int kMin, int kMax, int references, long seed, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least 1 thread, got " + threads);
    }
    checkReferences(references);
    ExecutorService pool = pool(Math.min(threads, 1 + references));
    try {
      Future<List<KSweep.Fit>> fits = pool.submit(() -> KSweep.run(sample, kMin, kMax, seed));
      double[][] logCosts = referenceLogCosts(pool, sample, kMin, kMax, references, seed);
      List<KSweep.Fit> sampleFits = result(fits);
      return new Sweep(sampleFits, points(sampleFits, logCosts));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The gap at each k of {@code fits}, from {@code references} draws of the reference, each fitted as
   * {@link KSweep#run} fitted the sample, one after another.
   *
   * @param sample the unit rows {@code fits} were fitted on
   */
  public static List<Point> curve(VectorBlock sample, List<KSweep.Fit> fits, int references, long seed) {
    if (fits.isEmpty()) {
      throw new IllegalArgumentException("no fits to compare");
    }
    checkReferences(references);
    ExecutorService pool = pool(1);
    try {
      return points(fits, referenceLogCosts(pool, sample, fits.get(0).k(), fits.get(fits.size() - 1).k(), references, seed));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Each reference draw's log within-cluster cost at every k, the draws' sweeps run on {@code pool}. */
  private static double[][] referenceLogCosts(ExecutorService pool, VectorBlock sample, int kMin, int kMax, int references,
      long seed) {
    GaussianReference reference = GaussianReference.of(sample);
    List<Future<double[]>> costs = new ArrayList<>();
    for (int b = 0; b < references; b++) {
      long drawSeed = seed + 1 + b;
      costs.add(pool.submit(() -> logCosts(KSweep.run(reference.draw(sample.size(), drawSeed), kMin, kMax, drawSeed))));
    }
    double[][] logCosts = new double[references][];
    for (int b = 0; b < references; b++) {
      logCosts[b] = result(costs.get(b));
    }
    return logCosts;
  }

  private static ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "spark-embed-gap-statistic");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The gap and its standard error at each k of {@code fits}, from the references' log costs at the same k. */
  private static List<Point> points(List<KSweep.Fit> fits, double[][] logCosts) {
    int references = logCosts.length;
    List<Point> curve = new ArrayList<>();
    for (int i = 0; i < fits.size(); i++) {
      double mean = 0;
      for (double[] costs : logCosts) {
        mean += costs[i];
      }
      mean /= references;
      double squares = 0;
      for (double[] costs : logCosts) {
        squares += (costs[i] - mean) * (costs[i] - mean);
      }
      double deviation = Math.sqrt(squares / references);
      curve.add(new Point(fits.get(i).k(), mean - logCost(fits.get(i).withinSquares()),
          deviation * Math.sqrt(1 + 1.0 / references)));
    }
    return List.copyOf(curve);
  }

  private static void checkReferences(int references) {
    if (references < 2) {
      throw new IllegalArgumentException("need at least 2 references for a standard error, got " + references);
    }
  }

  private static double[] logCosts(List<KSweep.Fit> fits) {
    return fits.stream().mapToDouble(fit -> logCost(fit.withinSquares())).toArray();
  }

  /** A sweep's result, with its own exception (a bad k range, say) rethrown as it was thrown. */
  private static <T> T result(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while choosing k", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The smallest k whose gap is within one standard error of the highest; see the class comment. */
  public static Choice choose(List<Point> curve) {
    if (curve.isEmpty()) {
      throw new IllegalArgumentException("no gap curve to choose from");
    }
    Point highest = curve.get(0);
    for (Point point : curve) {
      if (point.gap() > highest.gap()) {
        highest = point;
      }
    }
    double floor = highest.gap() - highest.standardError();
    Point chosen = curve.stream().filter(p -> p.gap() >= floor).findFirst().orElseThrow();
    String reason = chosen.k() == highest.k()
        ? String.format(Locale.ROOT, "k = %d has the highest gap statistic (%.4f): its clusters are the tightest against "
            + "those k-means finds in rows with no clusters", chosen.k(), highest.gap())
        : String.format(Locale.ROOT, "k = %d is the smallest k whose gap statistic (%.4f) is within one standard error "
            + "(%.4f) of the highest (%.4f at k = %d): more clusters are no tighter, beyond the noise, against those "
            + "k-means finds in rows with no clusters", chosen.k(), chosen.gap(), highest.standardError(), highest.gap(),
            highest.k());
    return new Choice(chosen.k(), highest.k(), curve, reason);
  }

  private static double logCost(double withinSquares) {
    return Math.log(Math.max(withinSquares, 1e-12));
  }
}
