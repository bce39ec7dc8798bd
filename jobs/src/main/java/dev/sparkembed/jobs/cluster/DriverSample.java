package dev.sparkembed.jobs.cluster;

import dev.sparkembed.similarity.VectorBlock;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A seeded random sample of at most {@code limit} rows collected to the driver, with their
 * {@code features} scaled to unit length in one block: what choosing k and drawing the map work on.
 *
 * @param rows the sampled rows: {@code features} first, then the columns asked for
 */
record DriverSample(List<Row> rows, VectorBlock vectors) {

  static DriverSample of(Dataset<Row> data, long rows, int limit, long seed, Column... columns) {
    Dataset<Row> sample = rows > limit ? data.sample(false, Math.min(1.0, 1.2 * limit / rows), seed).limit(limit) : data;
    Column[] selected = new Column[columns.length + 1];
    selected[0] = data.col("features");
    System.arraycopy(columns, 0, selected, 1, columns.length);
    List<Row> collected = sample.select(selected).collectAsList();
    if (collected.isEmpty()) {
      return new DriverSample(collected, new VectorBlock(new String[0], new float[0], 0));
    }
    int dim = ((Vector) collected.get(0).get(0)).size();
    String[] ids = new String[collected.size()];
    float[] data1 = new float[collected.size() * dim];
    for (int i = 0; i < collected.size(); i++) {
      Vector v = (Vector) collected.get(i).get(0);
      double norm = org.apache.spark.ml.linalg.Vectors.norm(v, 2);
      double scale = norm == 0 ? 1 : 1 / norm;
      for (int d = 0; d < dim; d++) {
        data1[i * dim + d] = (float) (v.apply(d) * scale);
      }
      ids[i] = Integer.toString(i);
    }
    return new DriverSample(collected, new VectorBlock(ids, data1, dim));
  }
}
