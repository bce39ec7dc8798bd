package dev.sparkembed.jobs.cluster;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.cluster.BarnesHutTsne;
import dev.sparkembed.cluster.MapQuality;
import dev.sparkembed.cluster.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 6, map: a 2-D picture of a sample of the clustered rows, by t-SNE (default: it shows
 * clusters, keeping a third or more of each point's 10 nearest neighbours) or PCA (global axes,
 * under a tenth), with the share of neighbours kept measured on the same sample.
 *
 * @param points one per mapped row: x, y, c (cluster), id, t (text snippet)
 * @param summary method, points, neighbours_kept (10 nearest, cosine, in the embedding space)
 */
public record ClusterMap(List<Map<String, Object>> points, Map<String, Object> summary) {

  /** Points on the report's map: a sample, said so on the page. */
  public static final int MAP_SAMPLE = 20_000;
  static final int NEIGHBOURS = 10;

  /** @param predicted clustered rows ({@code rows} of them) with id, cluster and text */
  public static ClusterMap of(Dataset<Row> predicted, long rows, String method, long seed) {
    DriverSample sample = DriverSample.of(predicted, rows, MAP_SAMPLE, seed, col("id"), col("cluster"), col("text"));
    long start = System.nanoTime();
    double[] xy;
    int[][] neighbours;
    if (method.equals("pca")) {
      xy = Projection.pca(sample.vectors(), 2, seed);
      neighbours = BarnesHutTsne.nearestNeighbours(sample.vectors(), Math.min(NEIGHBOURS, Math.max(0, sample.vectors().size() - 1)));
    } else {
      BarnesHutTsne.Layout layout = BarnesHutTsne.map(sample.vectors(), BarnesHutTsne.Settings.defaults(seed));
      xy = layout.xy();
      neighbours = layout.neighbours();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < sample.rows().size(); i++) {
      Row r = sample.rows().get(i);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("x", Format.round(xy[2 * i]));
      p.put("y", Format.round(xy[2 * i + 1]));
      p.put("c", r.getInt(2));
      p.put("id", r.getString(1));
      p.put("t", Format.snippet(r.getString(3)));
      points.add(p);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("method", method);
    summary.put("points", points.size());
    summary.put("neighbours_kept", points.size() < 2 ? 1.0 : Format.round(MapQuality.neighboursKept(neighbours, xy, NEIGHBOURS)));
    summary.put("seconds", Math.round(seconds * 10) / 10.0);
    return new ClusterMap(List.copyOf(points), summary);
  }
}
