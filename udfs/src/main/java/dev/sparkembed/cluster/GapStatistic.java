package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

  private GapStatistic() {}

  /**
   * The gap at each k of {@code fits}, from {@code references} draws of the reference, each fitted as
   * {@link KSweep#run} fitted the sample.
   *
   * @param sample the unit rows {@code fits} were fitted on
   */
  public static List<Point> curve(VectorBlock sample, List<KSweep.Fit> fits, int references, long seed) {
    if (fits.isEmpty()) {
      throw new IllegalArgumentException("no fits to compare");
    }
    if (references < 2) {
      throw new IllegalArgumentException("need at least 2 references for a standard error, got " + references);
    }
    int kMin = fits.get(0).k();
    int kMax = fits.get(fits.size() - 1).k();
    GaussianReference reference = GaussianReference.of(sample);
    double[][] logCosts = new double[references][];
    for (int b = 0; b < references; b++) {
      long drawSeed = seed + 1 + b;
      List<KSweep.Fit> referenceFits = KSweep.run(reference.draw(sample.size(), drawSeed), kMin, kMax, drawSeed);
      logCosts[b] = referenceFits.stream().mapToDouble(fit -> logCost(fit.withinSquares())).toArray();
    }
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
