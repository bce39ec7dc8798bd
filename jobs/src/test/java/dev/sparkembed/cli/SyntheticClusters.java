package dev.sparkembed.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** An embed output with three well-separated themed clusters, labels, and one null embedding. */
public final class SyntheticClusters {

  static final String[][] THEMES = {
    {"fruit", "apple", "banana", "cherry", "orchard", "harvest"},
    {"engine", "wheel", "brake", "motor", "garage", "mechanic"},
    {"violin", "piano", "concert", "orchestra", "melody", "symphony"},
  };
  static final String[] LABELS = {"food", "cars", "music"};
  static final int PER_CLUSTER = 40;

  private SyntheticClusters() {}

  /** Writes the embed output and returns the number of rows (including the null one). */
  public static int write(SparkSession spark, Path out, boolean withText) {
    Random random = new Random(3);
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
        .add("label", DataTypes.StringType);
    if (withText) {
      schema = schema.add("text", DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < THEMES.length; c++) {
      for (int i = 0; i < PER_CLUSTER; i++) {
        float[] v = new float[8];
        v[c * 2] = 1f;
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
          v[d] += (float) (random.nextGaussian() * 0.08);
          norm += v[d] * v[d];
        }
        List<Float> unit = new ArrayList<>();
        for (float x : v) {
          unit.add((float) (x / Math.sqrt(norm)));
        }
        StringBuilder text = new StringBuilder("the ");
        for (int w = 0; w < 5; w++) {
          text.append(THEMES[c][random.nextInt(THEMES[c].length)]).append(w % 2 == 0 ? " and the " : " of a ");
        }
        Object[] values = withText
            ? new Object[] {"doc-" + c + "-" + i, unit, LABELS[c], text.toString()}
            : new Object[] {"doc-" + c + "-" + i, unit, LABELS[c]};
        rows.add(RowFactory.create(values));
      }
    }
    rows.add(withText ? RowFactory.create("no-vector", null, "food", "an empty one") : RowFactory.create("no-vector", null, "food"));
    spark.createDataFrame(rows, schema).repartition(2).write().parquet(out.toString());
    return rows.size();
  }
}
