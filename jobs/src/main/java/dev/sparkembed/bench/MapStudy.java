package dev.sparkembed.bench;

import static org.apache.spark.sql.functions.col;

import dev.sparkembed.cluster.BarnesHutTsne;
import dev.sparkembed.cluster.MapQuality;
import dev.sparkembed.cluster.Projection;
import dev.sparkembed.similarity.VectorBlock;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The report's map against PCA, side by side in one run: on a seeded sample of an embed output,
 * the t-SNE map's time and the share of each point's 10 nearest neighbours (cosine) it keeps,
 * next to the same share for the first two principal components.
 */
public final class MapStudy {

  static final int NEIGHBOURS = 10;

  private MapStudy() {}

  /** @param embeddings one embed output, or several separated by commas (read as one) */
  public static Map<String, Object> run(SparkSession spark, String embeddings, int sampleRows, long seed, PrintWriter log) {
    Dataset<Row> rows = spark.read().parquet(embeddings.split(",")).filter(col("embedding").isNotNull())
        .select(col("id"), col("embedding"), col("id"));
    long n = rows.count();
    List<Row> sample = (n > sampleRows ? rows.sample(false, 1.2 * sampleRows / n, seed).limit(sampleRows) : rows).collectAsList();
    VectorBlock block = AutoKStudy.unitBlock(sample, new String[sample.size()]);

    long start = System.nanoTime();
    double[] tsne = BarnesHutTsne.map(block, BarnesHutTsne.Settings.defaults(seed)).xy();
    double tsneSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    double[] pca = Projection.pca(block, 2, seed);
    double pcaSeconds = (System.nanoTime() - start) / 1e9;
    int[][] nearest = BarnesHutTsne.nearestNeighbours(block, NEIGHBOURS);
    double tsneKept = MapQuality.neighboursKept(nearest, tsne, NEIGHBOURS);
    double pcaKept = MapQuality.neighboursKept(nearest, pca, NEIGHBOURS);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("input", embeddings);
    result.put("rows", block.size());
    result.put("seed", seed);
    result.put("tsne_seconds", tsneSeconds);
    result.put("pca_seconds", pcaSeconds);
    result.put("tsne_neighbours_kept", tsneKept);
    result.put("pca_neighbours_kept", pcaKept);
    result.put("ratio", tsneKept / pcaKept);
    log.printf("%s: %d rows; t-SNE %.1f s keeps %.3f of 10-NN, PCA %.1f s keeps %.3f: %.1fx%n", embeddings, block.size(),
        tsneSeconds, tsneKept, pcaSeconds, pcaKept, tsneKept / pcaKept);
    return result;
  }
}
