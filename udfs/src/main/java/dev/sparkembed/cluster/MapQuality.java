package dev.sparkembed.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * How faithful a 2-D map is: the share of each point's {@code k} nearest neighbours in the
 * embedding space (cosine) that are also among its {@code k} nearest on the map, averaged over
 * points. 1 is perfect; a random layout keeps about k / n.
 */
public final class MapQuality {

  private MapQuality() {}

  /** @param xy row i's map coordinates at [2i], [2i + 1] */
  public static double neighboursKept(VectorBlock rows, double[] xy, int k) {
    return neighboursKept(BarnesHutTsne.nearestNeighbours(rows, k), xy, k);
  }

  /** @param nearest each row's nearest rows in the embedding space, nearest first (at least k of them) */
  public static double neighboursKept(int[][] nearest, double[] xy, int k) {
    int n = nearest.length;
    if (n < 2) {
      return 1;
    }
    int keep = Math.min(k, n - 1);
    double kept = IntStream.range(0, n).parallel().mapToDouble(i -> {
      int[] onMap = nearestOnMap(xy, i, keep);
      Arrays.sort(onMap);
      int hits = 0;
      for (int t = 0; t < keep; t++) {
        if (Arrays.binarySearch(onMap, nearest[i][t]) >= 0) {
          hits++;
        }
      }
      return (double) hits / keep;
    }).sum();
    return kept / n;
  }

  /** The k points nearest point i on the map, by brute force (ties to the lower index). */
  static int[] nearestOnMap(double[] xy, int i, int k) {
    int n = xy.length / 2;
    int[] best = new int[k];
    double[] bestD = new double[k];
    Arrays.fill(bestD, Double.POSITIVE_INFINITY);
    for (int j = 0; j < n; j++) {
      if (j == i) {
        continue;
      }
      double dx = xy[2 * i] - xy[2 * j];
      double dy = xy[2 * i + 1] - xy[2 * j + 1];
      double d = dx * dx + dy * dy;
      if (d < bestD[k - 1]) {
        int at = k - 1;
        while (at > 0 && bestD[at - 1] > d) {
          bestD[at] = bestD[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        bestD[at] = d;
        best[at] = j;
      }
    }
    return best;
  }
}
