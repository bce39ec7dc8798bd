package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A 2-D map of unit vectors by t-SNE (van der Maaten, 2014), with Barnes–Hut approximation of the
 * repulsive forces: the projection the embedding literature uses to show clusters, where PCA keeps
 * a few percent of each point's neighbours. No JVM library with a permissive licence offers it
 * (Smile is GPL), hence this compact version.
 *
 * <p>Standard choices: exact input neighbours (3 x perplexity of them, cosine, one BLAS product per
 * block of rows), perplexity calibrated per point by bisection, PCA initialisation scaled to a
 * standard deviation of 1e-4 (deterministic, and keeps the global layout), early exaggeration 12
 * for the first 250 iterations, momentum 0.5 then 0.8, per-coordinate gains, learning rate n / 12.
 * Given the same rows and seed, two runs give the same map: each point's forces are summed in a
 * fixed order whatever the threads.
 */
public final class BarnesHutTsne {

  /**
   * @param perplexity effective number of neighbours each point attends to (lowered for tiny inputs)
   * @param iterations gradient steps, the first {@link #EXAGGERATION_ITERATIONS} of them exaggerated
   * @param theta Barnes–Hut accuracy: a cell whose width is below theta times its distance counts as one body
   */
  public record Settings(double perplexity, int iterations, double theta, long seed) {

    public static Settings defaults(long seed) {
      return new Settings(30, 750, 0.5, seed);
    }

    public Settings {
      if (!(perplexity > 0)) {
        throw new IllegalArgumentException("perplexity must be positive, got " + perplexity);
      }
      if (iterations < 1) {
        throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
      }
      if (!(theta >= 0)) {
        throw new IllegalArgumentException("theta must be at least 0, got " + theta);
      }
    }
  }

  static final int EXAGGERATION_ITERATIONS = 250;
  private static final double EXAGGERATION = 12;
  private static final int NEIGHBOUR_PART_ROWS = 1024;

  private BarnesHutTsne() {}

  /**
   * A map and the neighbours it was made from.
   *
   * @param xy row i's coordinates at [2i], [2i + 1]
   * @param neighbours each row's nearest other rows by cosine, nearest first (3 x perplexity of them)
   */
  public record Layout(double[] xy, int[][] neighbours) {}

  public static Layout map(VectorBlock rows, Settings settings) {
    int n = rows.size();
    if (n < 3) {
      // Nothing to arrange: one point at the origin, or two a unit apart.
      return new Layout(n == 2 ? new double[] {0, 0, 1, 0} : new double[2 * n], n == 2 ? new int[][] {{1}, {0}} : new int[n][0]);
    }
    double perplexity = Math.min(settings.perplexity(), (n - 1) / 3.0);
    int neighbours = Math.min(n - 1, (int) Math.ceil(3 * perplexity));
    int[][] nearest = nearestNeighbours(rows, neighbours);
    SparseAffinities p = affinities(rows, nearest, perplexity);
    double[] y = Projection.pca(rows, 2, settings.seed());
    scale(y, 1e-4);
    optimise(y, p, settings);
    return new Layout(y, nearest);
  }

  /** Each row's {@code count} nearest other rows by cosine, nearest first. */
  public static int[][] nearestNeighbours(VectorBlock rows, int count) {
    List<int[]> bounds = new ArrayList<>();
    for (int start = 0; start < rows.size(); start += NEIGHBOUR_PART_ROWS) {
      bounds.add(new int[] {start, Math.min(rows.size(), start + NEIGHBOUR_PART_ROWS)});
    }
    int[][] nearest = new int[rows.size()][];
    bounds.parallelStream().forEach(b -> {
      int[][] part = slice(rows, b[0], b[1]).nearestRows(rows, count + 1);
      for (int i = 0; i < part.length; i++) {
        nearest[b[0] + i] = withoutSelf(part[i], b[0] + i, count);
      }
    });
    return nearest;
  }

  private static int[] withoutSelf(int[] candidates, int self, int count) {
    int[] out = new int[count];
    int filled = 0;
    for (int j = 0; j < candidates.length && filled < count; j++) {
      if (candidates[j] != self) {
        out[filled++] = candidates[j];
      }
    }
    return out;
  }

  private static VectorBlock slice(VectorBlock rows, int from, int to) {
    int dim = rows.dim();
    String[] ids = new String[to - from];
    float[] data = new float[(to - from) * dim];
    for (int i = from; i < to; i++) {
      ids[i - from] = rows.id(i);
      rows.copyRow(i, data, (i - from) * dim);
    }
    return new VectorBlock(ids, data, dim);
  }

  /** Symmetric joint probabilities P, in compressed rows; they sum to 1. */
  record SparseAffinities(int[] rowStart, int[] columns, double[] values) {}

  static SparseAffinities affinities(VectorBlock rows, int[][] nearest, double perplexity) {
    int n = rows.size();
    int k = nearest[0].length;
    double[][] conditional = new double[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      float[] xi = rows.vector(i);
      double[] distances = new double[k];
      float[] xj = new float[rows.dim()];
      for (int j = 0; j < k; j++) {
        rows.copyRow(nearest[i][j], xj, 0);
        double dot = 0;
        for (int d = 0; d < xi.length; d++) {
          dot += (double) xi[d] * xj[d];
        }
        distances[j] = Math.max(0, 2 - 2 * dot); // squared Euclidean between unit vectors
      }
      conditional[i] = calibrate(distances, perplexity);
    });
    // P_ij = (p_j|i + p_i|j) / 2n: gather both directions per row, then merge duplicate columns.
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[i] += k;
      for (int j : nearest[i]) {
        counts[j]++;
      }
    }
    int[][] cols = new int[n][];
    double[][] vals = new double[n][];
    int[] fill = new int[n];
    for (int i = 0; i < n; i++) {
      cols[i] = new int[counts[i]];
      vals[i] = new double[counts[i]];
    }
    for (int i = 0; i < n; i++) {
      for (int jj = 0; jj < k; jj++) {
        int j = nearest[i][jj];
        double v = conditional[i][jj] / (2.0 * n);
        cols[i][fill[i]] = j;
        vals[i][fill[i]++] = v;
        cols[j][fill[j]] = i;
        vals[j][fill[j]++] = v;
      }
    }
    int[] rowStart = new int[n + 1];
    int[][] mergedCols = new int[n][];
    double[][] mergedVals = new double[n][];
    for (int i = 0; i < n; i++) {
      Integer[] order = new Integer[counts[i]];
      for (int t = 0; t < order.length; t++) {
        order[t] = t;
      }
      int[] c = cols[i];
      Arrays.sort(order, (a, b) -> Integer.compare(c[a], c[b]));
      int[] mc = new int[order.length];
      double[] mv = new double[order.length];
      int m = 0;
      for (int t = 0; t < order.length; t++) {
        int col = c[order[t]];
        if (m > 0 && mc[m - 1] == col) {
          mv[m - 1] += vals[i][order[t]];
        } else {
          mc[m] = col;
          mv[m++] = vals[i][order[t]];
        }
      }
      mergedCols[i] = Arrays.copyOf(mc, m);
      mergedVals[i] = Arrays.copyOf(mv, m);
      rowStart[i + 1] = rowStart[i] + m;
    }
    int[] columns = new int[rowStart[n]];
    double[] values = new double[rowStart[n]];
    for (int i = 0; i < n; i++) {
      System.arraycopy(mergedCols[i], 0, columns, rowStart[i], mergedCols[i].length);
      System.arraycopy(mergedVals[i], 0, values, rowStart[i], mergedVals[i].length);
    }
    return new SparseAffinities(rowStart, columns, values);
  }

  /** p_j|i ∝ exp(-beta d_ij²), beta found by bisection so that the entropy is log(perplexity). */
  static double[] calibrate(double[] distances, double perplexity) {
    double target = Math.log(perplexity);
    double beta = 1;
    double lo = 0;
    double hi = Double.POSITIVE_INFINITY;
    double min = Arrays.stream(distances).min().orElse(0);
    double[] p = new double[distances.length];
    for (int step = 0; step < 200; step++) {
      double sum = 0;
      double weighted = 0;
      for (int j = 0; j < distances.length; j++) {
        // Shifted by the smallest distance so that exp does not underflow for large beta.
        p[j] = Math.exp(-beta * (distances[j] - min));
        sum += p[j];
        weighted += p[j] * (distances[j] - min);
      }
      double entropy = Math.log(sum) + beta * weighted / sum;
      for (int j = 0; j < p.length; j++) {
        p[j] /= sum;
      }
      if (Math.abs(entropy - target) < 1e-5) {
        break;
      }
      if (entropy > target) {
        lo = beta;
        beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    return p;
  }

  private static void optimise(double[] y, SparseAffinities p, Settings settings) {
    int n = y.length / 2;
    double learningRate = Math.max(n / EXAGGERATION, 50);
    double[] update = new double[2 * n];
    double[] gains = new double[2 * n];
    Arrays.fill(gains, 1);
    double[] gradient = new double[2 * n];
    double[] repulsion = new double[2 * n];
    double[] normalisers = new double[n];
    for (int iteration = 0; iteration < settings.iterations(); iteration++) {
      boolean early = iteration < EXAGGERATION_ITERATIONS;
      double exaggeration = early ? EXAGGERATION : 1;
      double momentum = early ? 0.5 : 0.8;
      QuadTree tree = QuadTree.of(y);
      double[] current = y;
      IntStream.range(0, n).parallel().forEach(i ->
          normalisers[i] = tree.repulsion(i, current[2 * i], current[2 * i + 1], settings.theta(), repulsion));
      double z = 0;
      for (int i = 0; i < n; i++) {
        z += normalisers[i]; // in index order: the same sum whatever the threads
      }
      double zz = Math.max(z, Double.MIN_NORMAL);
      IntStream.range(0, n).parallel().forEach(i -> {
        double ax = 0;
        double ay = 0;
        double yx = current[2 * i];
        double yy = current[2 * i + 1];
        for (int t = p.rowStart()[i]; t < p.rowStart()[i + 1]; t++) {
          int j = p.columns()[t];
          double dx = yx - current[2 * j];
          double dy = yy - current[2 * j + 1];
          double q = 1 / (1 + dx * dx + dy * dy);
          ax += p.values()[t] * q * dx;
          ay += p.values()[t] * q * dy;
        }
        gradient[2 * i] = 4 * (exaggeration * ax - repulsion[2 * i] / zz);
        gradient[2 * i + 1] = 4 * (exaggeration * ay - repulsion[2 * i + 1] / zz);
      });
      double meanX = 0;
      double meanY = 0;
      for (int c = 0; c < 2 * n; c++) {
        // Delta-bar-delta gains: grow where the step keeps its direction, shrink where it flips.
        gains[c] = Math.signum(gradient[c]) != Math.signum(update[c]) ? gains[c] + 0.2 : Math.max(0.01, gains[c] * 0.8);
        update[c] = momentum * update[c] - learningRate * gains[c] * gradient[c];
        y[c] += update[c];
      }
      for (int i = 0; i < n; i++) {
        meanX += y[2 * i];
        meanY += y[2 * i + 1];
      }
      meanX /= n;
      meanY /= n;
      for (int i = 0; i < n; i++) {
        y[2 * i] -= meanX;
        y[2 * i + 1] -= meanY;
      }
    }
  }

  private static void scale(double[] y, double targetStd) {
    int n = y.length / 2;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += y[2 * i] * y[2 * i];
    }
    double std = Math.sqrt(sum / n);
    double factor = std == 0 ? 0 : targetStd / std;
    for (int c = 0; c < y.length; c++) {
      y[c] *= factor;
    }
    if (std == 0) {
      // All rows alike along the first component: spread them a little, seeded, so forces can act.
      Random random = new Random(0);
      for (int c = 0; c < y.length; c++) {
        y[c] = random.nextGaussian() * targetStd;
      }
    }
  }

  /**
   * A point-region quadtree over the map, in flat arrays: each cell keeps its points' count and
   * coordinate sums (the centre of mass), and at most one point unless it is too small to split.
   */
  static final class QuadTree {

    private static final int MAX_DEPTH = 48;

    private double[] centreX;
    private double[] centreY;
    private double[] halfWidth;
    private double[] sumX;
    private double[] sumY;
    private int[] count;
    private int[] firstChild; // -1 for a leaf; children are 4 consecutive cells
    private int[] point; // a leaf's point, -1 when empty
    private int size;
    private final double[] y;

    private QuadTree(double[] y, int capacity) {
      this.y = y;
      centreX = new double[capacity];
      centreY = new double[capacity];
      halfWidth = new double[capacity];
      sumX = new double[capacity];
      sumY = new double[capacity];
      count = new int[capacity];
      firstChild = new int[capacity];
      point = new int[capacity];
    }

    static QuadTree of(double[] y) {
      int n = y.length / 2;
      double minX = Double.POSITIVE_INFINITY;
      double minY = Double.POSITIVE_INFINITY;
      double maxX = Double.NEGATIVE_INFINITY;
      double maxY = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        minX = Math.min(minX, y[2 * i]);
        maxX = Math.max(maxX, y[2 * i]);
        minY = Math.min(minY, y[2 * i + 1]);
        maxY = Math.max(maxY, y[2 * i + 1]);
      }
      QuadTree tree = new QuadTree(y, Math.max(16, 4 * n));
      double half = Math.max(Math.max(maxX - minX, maxY - minY) / 2, 1e-12) * (1 + 1e-9);
      tree.add((minX + maxX) / 2, (minY + maxY) / 2, half);
      for (int i = 0; i < n; i++) {
        tree.insert(i);
      }
      return tree;
    }

    private int add(double cx, double cy, double half) {
      if (size == count.length) {
        int capacity = size * 2;
        centreX = Arrays.copyOf(centreX, capacity);
        centreY = Arrays.copyOf(centreY, capacity);
        halfWidth = Arrays.copyOf(halfWidth, capacity);
        sumX = Arrays.copyOf(sumX, capacity);
        sumY = Arrays.copyOf(sumY, capacity);
        count = Arrays.copyOf(count, capacity);
        firstChild = Arrays.copyOf(firstChild, capacity);
        point = Arrays.copyOf(point, capacity);
      }
      centreX[size] = cx;
      centreY[size] = cy;
      halfWidth[size] = half;
      firstChild[size] = -1;
      point[size] = -1;
      return size++;
    }

    private void insert(int i) {
      double px = y[2 * i];
      double py = y[2 * i + 1];
      int cell = 0;
      for (int depth = 0; ; depth++) {
        count[cell]++;
        sumX[cell] += px;
        sumY[cell] += py;
        if (firstChild[cell] < 0) {
          if (count[cell] == 1) {
            point[cell] = i;
            return;
          }
          if (depth >= MAX_DEPTH) {
            return; // coincident points share the leaf as one body
          }
          split(cell);
          int resident = point[cell];
          point[cell] = -1;
          int child = childFor(cell, y[2 * resident], y[2 * resident + 1]);
          count[child]++;
          sumX[child] += y[2 * resident];
          sumY[child] += y[2 * resident + 1];
          point[child] = resident;
        }
        cell = childFor(cell, px, py);
      }
    }

    private void split(int cell) {
      double h = halfWidth[cell] / 2;
      int first = add(centreX[cell] - h, centreY[cell] - h, h);
      add(centreX[cell] + h, centreY[cell] - h, h);
      add(centreX[cell] - h, centreY[cell] + h, h);
      add(centreX[cell] + h, centreY[cell] + h, h);
      firstChild[cell] = first;
    }

    private int childFor(int cell, double px, double py) {
      return firstChild[cell] + (px >= centreX[cell] ? 1 : 0) + (py >= centreY[cell] ? 2 : 0);
    }

    /**
     * Adds point i's unnormalised repulsive force to {@code forces} at [2i], [2i + 1] and returns
     * its share of the normaliser Z = Σ q_ij.
     */
    double repulsion(int i, double px, double py, double theta, double[] forces) {
      double fx = 0;
      double fy = 0;
      double z = 0;
      int[] stack = new int[4 * MAX_DEPTH + 8];
      int top = 0;
      stack[top++] = 0;
      while (top > 0) {
        int cell = stack[--top];
        int bodies = count[cell];
        if (bodies == 0) {
          continue;
        }
        double cx = sumX[cell];
        double cy = sumY[cell];
        boolean leaf = firstChild[cell] < 0;
        if (leaf && containsOnly(cell, i, px, py)) {
          // Its own leaf: leave itself out (coincident points keep their share).
          bodies--;
          cx -= px;
          cy -= py;
          if (bodies == 0) {
            continue;
          }
        }
        double dx = px - cx / bodies;
        double dy = py - cy / bodies;
        double d2 = dx * dx + dy * dy;
        double width = 2 * halfWidth[cell];
        if (leaf || width * width < theta * theta * d2) {
          double q = 1 / (1 + d2);
          double mass = bodies * q;
          z += mass;
          fx += mass * q * dx;
          fy += mass * q * dy;
        } else {
          int first = firstChild[cell];
          for (int c = 0; c < 4; c++) {
            stack[top++] = first + c;
          }
        }
      }
      forces[2 * i] = fx;
      forces[2 * i + 1] = fy;
      return z;
    }

    /** Whether point i is one of this leaf's points: its own, or a max-depth leaf's it lies in. */
    private boolean containsOnly(int cell, int i, double px, double py) {
      return point[cell] == i
          || count[cell] > 1 && Math.abs(px - centreX[cell]) <= halfWidth[cell] && Math.abs(py - centreY[cell]) <= halfWidth[cell];
    }
  }
}
