package dev.sparkembed.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import dev.sparkembed.jobs.ClassifyJob;
import dev.sparkembed.jobs.ClassifyJobConfig;
import dev.sparkembed.jobs.ConfigFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Classification at scale: synthetic labelled embeddings (classes around random unit centroids,
 * with class-flavoured texts for the baseline), trained in this JVM's heap, then applying the
 * model against reading and writing the same rows, alternated in one session.
 */
public final class ClassifyBenchmark {

  private ClassifyBenchmark() {}

  /**
   * @param applyRows rows the model is applied to (more than it trains on, so that fixed costs such
   *     as loading the model do not hide the per-row cost)
   * @param reuseModel skip training when a model from an earlier run is in {@code work}
   */
  public static Map<String, Object> run(SparkSession spark, int rows, int dim, int classes, int applyRows, int rounds,
      boolean reuseModel, Path work, PrintWriter log) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rows", rows);
    result.put("dimension", dim);
    result.put("classes", classes);
    result.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);

    String trained = work.resolve("trained").toString();
    if (!(reuseModel && java.nio.file.Files.isDirectory(work.resolve("trained").resolve(ClassifyJob.MODEL_DIR)))) {
      String embeddings = work.resolve("synthetic-" + rows + "x" + dim + "-" + classes).toString();
      write(spark, rows, dim, classes, 0, embeddings);
      JoinBenchmark.resetHeapPeaks();
      Map<String, Object> summary = ClassifyJob.train(spark, config(Map.of("train", embeddings, "output", trained)));
      result.put("train_seconds", summary.get("seconds"));
      result.put("train_heap_pool_peaks_mb", JoinBenchmark.heapPeakMb());
      result.put("embedding_accuracy", ((Map<?, ?>) summary.get("embedding")).get("accuracy"));
      result.put("tfidf_accuracy", ((Map<?, ?>) summary.get("tfidf_baseline")).get("accuracy"));
      log.printf("train: %s s in a %s MB heap%n", summary.get("seconds"), result.get("max_heap_mb"));
    }

    String embeddings = work.resolve("apply-" + applyRows + "x" + dim).toString();
    write(spark, applyRows, dim, classes, rows, embeddings);
    result.put("apply_rows", applyRows);

    // Three ways through the same input, alternated: read + write (id, one float, model); read +
    // write rows shaped as the predictions (id, a label, a double, a 20-entry map of real values,
    // a status) without a model; and the classify apply job.
    String[] labels = new String[classes];
    for (int c = 0; c < classes; c++) {
      labels[c] = "class-" + c;
    }
    org.apache.spark.sql.Column labelArray = functions.array(Arrays.stream(labels).map(functions::lit)
        .toArray(org.apache.spark.sql.Column[]::new));
    List<Double> apply = new ArrayList<>();
    List<Double> copy = new ArrayList<>();
    List<Double> shaped = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      long start = System.nanoTime();
      spark.read().parquet(embeddings).select(col("id"), element_at(col("embedding"), 1).as("first"), col("model"))
          .write().mode(SaveMode.Overwrite).parquet(work.resolve("copy").toString());
      double copySeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      spark.read().parquet(embeddings).select(col("id"), element_at(labelArray, 1).as("predicted_label"),
              element_at(col("embedding"), 1).cast("double").as("confidence"),
              functions.map_from_arrays(labelArray, functions.slice(col("embedding"), 1, classes).cast("array<double>"))
                  .as("probabilities"), functions.lit("ok").as("status"))
          .write().mode(SaveMode.Overwrite).parquet(work.resolve("copy-shaped").toString());
      double shapedSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      ClassifyJob.apply(spark, config(Map.of("model", trained + "/" + ClassifyJob.MODEL_DIR, "input", embeddings,
          "output", work.resolve("predictions").toString())));
      double applySeconds = (System.nanoTime() - start) / 1e9;
      if (round > 0) { // round 0 warms up every path
        copy.add(copySeconds);
        shaped.add(shapedSeconds);
        apply.add(applySeconds);
      }
      log.printf("round %d: read+write %.2f s, read+write shaped as predictions %.2f s, apply %.2f s%n", round,
          copySeconds, shapedSeconds, applySeconds);
    }
    result.put("read_write_seconds", median(copy));
    result.put("read_write_shaped_seconds", median(shaped));
    result.put("apply_seconds", median(apply));
    // What each way wrote: the predictions' probabilities are full-precision doubles and compress
    // less than the shaped rows' widened floats (scripts/bench/probability-bytes.jsh), so the bytes
    // say how alike the writes were.
    Map<String, Object> bytes = new LinkedHashMap<>();
    for (String way : List.of("copy", "copy-shaped", "predictions")) {
      bytes.put(way, parquetBytes(work.resolve(way)));
    }
    result.put("bytes_written", bytes);
    result.put("apply_over_read_write", Math.round(median(apply) / median(copy) * 100) / 100.0);
    result.put("apply_over_read_write_shaped", Math.round(median(apply) / median(shaped) * 100) / 100.0);
    // The same ratio paired by round: each round's apply over the shaped write just before it, whose
    // median a slow stretch of this shared machine moves less than the ratio of medians.
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < apply.size(); i++) {
      paired.add(apply.get(i) / shaped.get(i));
    }
    result.put("apply_over_read_write_shaped_by_round", Math.round(median(paired) * 100) / 100.0);
    log.printf("apply / (read + write): %.2f; apply / (read + write shaped as predictions): %.2f (medians of %d rounds);"
        + " by round: median %.2f, %.2f to %.2f%n", median(apply) / median(copy), median(apply) / median(shaped), rounds,
        median(paired), java.util.Collections.min(paired), java.util.Collections.max(paired));
    return result;
  }

  private static ClassifyJobConfig config(Map<String, Object> values) {
    Map<String, Object> all = new LinkedHashMap<>(values);
    all.put("mode", "overwrite");
    return ConfigFiles.of(ClassifyJobConfig.class, all).validate();
  }

  /** Bytes of the Parquet files under {@code dir}. */
  private static long parquetBytes(Path dir) {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** Rows firstId.. : id, embedding (unit vectors around one random centroid per class), text, label, model. */
  static void write(SparkSession spark, int rows, int dim, int classes, long firstId, String path) {
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false))
        .add("text", DataTypes.StringType).add("label", DataTypes.StringType).add("model", DataTypes.StringType);
    // Rows are made as the writer asks for them, not listed per partition first: a list of 500,000
    // rows of 384 floats each outgrew a 4 GB heap at --apply-rows 4000000.
    MapPartitionsFunction<Long, Row> generate = (Iterator<Long> ids) -> new Iterator<Row>() {
      private final float[][] centroids = centroids(classes, dim);
      private Random random; // seeded by the partition's first id

      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        long id = ids.next();
        if (random == null) {
          random = new Random(id * 31 + 7);
        }
        int c = (int) (id % classes);
        float[] v = new float[dim];
        double norm = 0;
        for (int d = 0; d < dim; d++) {
          v[d] = centroids[c][d] + (float) (random.nextGaussian() * 1.2 / Math.sqrt(dim));
          norm += v[d] * v[d];
        }
        float[] unit = new float[dim];
        for (int d = 0; d < dim; d++) {
          unit[d] = (float) (v[d] / Math.sqrt(norm));
        }
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 12; w++) {
          // Half the words are the class's own, half are shared by all: a baseline that is not trivial.
          text.append(random.nextBoolean() ? "c" + c + "w" + random.nextInt(40) : "common" + random.nextInt(400)).append(' ');
        }
        return RowFactory.create("doc-" + id, unit, text.toString().strip(), "class-" + c, "synthetic@" + dim);
      }
    };
    spark.range(firstId, firstId + rows).as(org.apache.spark.sql.Encoders.LONG()).mapPartitions(generate, ExpressionEncoder.apply(schema))
        .write().mode(SaveMode.Overwrite).parquet(path);
  }

  private static float[][] centroids(int classes, int dim) {
    Random random = new Random(11);
    float[][] out = new float[classes][dim];
    for (float[] centroid : out) {
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        centroid[d] = (float) random.nextGaussian();
        norm += centroid[d] * centroid[d];
      }
      for (int d = 0; d < dim; d++) {
        centroid[d] /= (float) Math.sqrt(norm);
      }
    }
    return out;
  }
}
