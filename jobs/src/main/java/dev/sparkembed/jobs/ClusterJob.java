package dev.sparkembed.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;

import dev.sparkembed.cluster.ClusterKeywords;
import dev.sparkembed.cluster.ClusteringMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.clustering.BisectingKMeans;
import org.apache.spark.ml.clustering.BisectingKMeansModel;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.feature.PCAModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * read embeddings (and text) → k-means → per-cluster summaries, quality figures, a 2-D map →
 * write assignments, centroids, summary and the HTML report.
 */
public final class ClusterJob {

  public static final String ASSIGNMENTS_DIR = "assignments";
  public static final String CENTROIDS_DIR = "centroids";
  /** Points on the report's map, and rows used to choose k: a sample, said so on the page. */
  public static final int MAP_SAMPLE = 20_000;
  public static final int AUTO_K_SAMPLE = 20_000;
  static final int KEYWORDS = 8;
  static final int REPRESENTATIVES = 5;
  static final int SNIPPET_CHARS = 400;

  private ClusterJob() {}

  public static void preflight(ClusterJobConfig config, Configuration conf) {
    EmbeddingFiles.dimension(config.input(), "input", config.embeddingCol(), conf);
    if (config.text() != null) {
      EmbeddingFiles.dataFiles(config.text(), "text corpus", conf);
    }
    OutputPaths.checkOutput(config.output(), config.input(), WriteMode.parse(config.mode()), conf);
  }

  public static Map<String, Object> run(SparkSession spark, ClusterJobConfig config) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    preflight(config, conf);
    long start = System.nanoTime();
    Dataset<Row> docs = documents(spark, config, conf);
    boolean labelled = config.labelCol() != null;

    Column features = org.apache.spark.ml.functions.array_to_vector(col("embedding"));
    // Cache only what clustering reads: MLlib's vector replaces the float array (1.5 KB a row at 384-d).
    Dataset<Row> valid = docs.filter(col("embedding").isNotNull()).withColumn("features", features).drop("embedding")
        .persist(StorageLevel.MEMORY_AND_DISK());
    long rows = valid.count();
    long nullEmbeddings = docs.filter(col("embedding").isNull()).count();

    List<Map<String, Object>> curve = new ArrayList<>();
    int k;
    if (config.autoK()) {
      k = chooseK(valid, config, rows, curve);
    } else {
      k = config.fixedK();
      if (k > rows) {
        throw new UserInputException("--k " + k + " is larger than the number of rows with embeddings (" + rows + ")");
      }
    }

    Model<?> model = fit(config.algorithm(), k, config.seed(), valid);
    Vector[] centers = model instanceof KMeansModel km ? km.clusterCenters() : ((BisectingKMeansModel) model).clusterCenters();
    float[][] centroids = unitRows(centers);
    Broadcast<float[][]> centroidsB = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(centroids);
    UserDefinedFunction cosine = udf((Vector v, Integer cluster) -> cosine(v, centroidsB.value()[cluster]), DataTypes.FloatType);
    Dataset<Row> predicted = model.transform(valid)
        .withColumn("cosine_to_centroid", cosine.apply(col("features"), col("cluster")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    double silhouette = silhouette(predicted);

    // Keywords: TF-IDF over the whole corpus, summed per cluster.
    Dataset<Row> withText = predicted.filter(col("text").isNotNull());
    if (withText.isEmpty()) {
      throw new UserInputException("no text for keywords: every text is null");
    }
    ClusterKeywords keywords = ClusterKeywords.fit(withText, "text", 20_000);
    Dataset<Row> featurized = keywords.transform(withText).persist(StorageLevel.MEMORY_AND_DISK());
    Map<Integer, List<String>> terms = keywords.topTerms(featurized, "cluster", KEYWORDS);

    Map<Integer, Long> sizes = new TreeMap<>();
    predicted.groupBy("cluster").count().collectAsList().forEach(r -> sizes.put(r.getInt(0), r.getLong(1)));
    Map<Integer, List<Map<String, Object>>> examples = representatives(predicted);
    Map<Integer, Map<String, Long>> labels = labelled ? contingency(predicted, "cluster") : Map.of();

    Map<String, Object> quality = new LinkedHashMap<>();
    quality.put("silhouette_cosine", round(silhouette));
    if (labelled) {
      quality.put("embedding", scores(ClusteringMetrics.of(labels)));
      quality.put("tfidf_baseline", tfidfBaseline(featurized, k, config.seed()));
    }

    List<Map<String, Object>> clusters = new ArrayList<>();
    for (int c = 0; c < centroids.length; c++) {
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("cluster", c);
      cluster.put("size", sizes.getOrDefault(c, 0L));
      cluster.put("keywords", terms.getOrDefault(c, List.of()));
      cluster.put("representatives", examples.getOrDefault(c, List.of()));
      if (labelled) {
        cluster.put("labels", new TreeMap<>(labels.getOrDefault(c, Map.of())));
      }
      clusters.add(cluster);
    }
    List<Map<String, Object>> points = mapPoints(predicted, config.seed());

    // Outputs: every input row has an assignment; null embeddings have no cluster.
    Dataset<Row> assignments = predicted.select(col("id"), col("cluster"), col("cosine_to_centroid"))
        .unionByName(docs.filter(col("embedding").isNull()).select(col("id"),
            lit(null).cast(DataTypes.IntegerType).as("cluster"), lit(null).cast(DataTypes.FloatType).as("cosine_to_centroid")));
    assignments.write().mode(SaveMode.Overwrite).parquet(config.output() + "/" + ASSIGNMENTS_DIR);
    List<Row> centroidRows = new ArrayList<>();
    for (int c = 0; c < centroids.length; c++) {
      List<Float> values = new ArrayList<>();
      for (float x : centroids[c]) {
        values.add(x);
      }
      centroidRows.add(org.apache.spark.sql.RowFactory.create(c, sizes.getOrDefault(c, 0L), values,
          terms.getOrDefault(c, List.of()).toArray(new String[0])));
    }
    spark.createDataFrame(centroidRows, new org.apache.spark.sql.types.StructType()
            .add("cluster", DataTypes.IntegerType).add("size", DataTypes.LongType)
            .add("centroid", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("keywords", DataTypes.createArrayType(DataTypes.StringType)))
        .coalesce(1).write().mode(SaveMode.Overwrite).parquet(config.output() + "/" + CENTROIDS_DIR);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rows", rows + nullEmbeddings);
    summary.put("clustered", rows);
    summary.put("null_embeddings", nullEmbeddings);
    summary.put("algorithm", config.algorithm());
    summary.put("k", centroids.length);
    summary.put("k_auto", config.autoK());
    if (config.autoK()) {
      summary.put("silhouette_curve", curve);
    }
    summary.put("quality", quality);
    summary.put("clusters", clusters);
    summary.put("map_points", points.size());
    summary.put("seconds", round((System.nanoTime() - start) / 1e9));
    summary.put("output", config.output());
    summary.put("report", config.report());
    OutputPaths.writeText(config.output() + "/" + EmbedJob.SUMMARY_FILE, Json.line(summary) + "\n", conf);
    if (config.report() != null) {
      ClusterReport.write(config.report(), summary, points, conf);
    }
    predicted.unpersist();
    valid.unpersist();
    featurized.unpersist();
    return summary;
  }

  /** id, embedding, text and (optionally) label, whichever input they come from. */
  private static Dataset<Row> documents(SparkSession spark, ClusterJobConfig config, Configuration conf) {
    Dataset<Row> embeddings = EmbeddingFiles.read(spark, config.input(), conf);
    List<String> columns = Arrays.asList(embeddings.columns());
    for (String required : List.of(config.idCol(), config.embeddingCol())) {
      if (!columns.contains(required)) {
        throw new UserInputException("input " + config.input() + " has no column '" + required + "'");
      }
    }
    Dataset<Row> corpus = null;
    List<String> corpusColumns = List.of();
    if (config.text() != null) {
      corpus = readCorpus(spark, config.text(), conf);
      corpusColumns = Arrays.asList(corpus.columns());
      if (!corpusColumns.contains(config.idCol()) || !corpusColumns.contains(config.textCol())) {
        throw new UserInputException("text corpus " + config.text() + " needs columns '" + config.idCol() + "' and '"
            + config.textCol() + "' (has " + String.join(", ", corpusColumns) + ")");
      }
    } else if (!columns.contains(config.textCol())) {
      throw new UserInputException("no text for keywords: input " + config.input() + " has no '" + config.textCol()
          + "' column; keep it with 'embed --keep-cols " + config.textCol() + "' or pass --text CORPUS");
    }
    String label = config.labelCol();
    if (label != null && !columns.contains(label) && !corpusColumns.contains(label)) {
      throw new UserInputException("no label column '" + label + "' in input " + config.input()
          + (config.text() != null ? " or text corpus " + config.text() : ""));
    }
    List<Column> fromEmbeddings = new ArrayList<>(List.of(
        col(config.idCol()).cast("string").as("id"), col(config.embeddingCol()).cast("array<float>").as("embedding")));
    if (label != null && columns.contains(label)) {
      fromEmbeddings.add(col(label).cast("string").as("label"));
    }
    if (corpus == null) {
      fromEmbeddings.add(col(config.textCol()).cast("string").as("text"));
      return embeddings.select(fromEmbeddings.toArray(new Column[0]));
    }
    List<Column> fromCorpus = new ArrayList<>(List.of(
        col(config.idCol()).cast("string").as("id"), col(config.textCol()).cast("string").as("text")));
    if (label != null && !columns.contains(label)) {
      fromCorpus.add(col(label).cast("string").as("label"));
    }
    // One text per id, so the join cannot multiply rows.
    Dataset<Row> texts = corpus.select(fromCorpus.toArray(new Column[0])).dropDuplicates("id");
    return embeddings.select(fromEmbeddings.toArray(new Column[0])).join(texts, new String[] {"id"}, "left");
  }

  private static Dataset<Row> readCorpus(SparkSession spark, String path, Configuration conf) {
    String name = EmbeddingFiles.dataFiles(path, "text corpus", conf).get(0).getPath().getName();
    InputFormat format = InputFormat.fromFileName(name).orElse(InputFormat.PARQUET);
    return switch (format) {
      case JSONL -> spark.read().json(path);
      case CSV -> spark.read().option("header", "true").csv(path);
      case PARQUET -> spark.read().parquet(path);
      case TEXT -> throw new UserInputException("text corpus " + path + " is plain text, which has no ids to join on");
    };
  }

  private static int chooseK(Dataset<Row> valid, ClusterJobConfig config, long rows, List<Map<String, Object>> curve) {
    Dataset<Row> sample = (rows > AUTO_K_SAMPLE ? valid.sample(false, 1.2 * AUTO_K_SAMPLE / rows, config.seed()).limit(AUTO_K_SAMPLE) : valid)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long n = sample.count();
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int k = config.kMin(); k <= Math.min(config.kMax(), n - 1); k++) {
      double score = silhouette(fit(config.algorithm(), k, config.seed(), sample).transform(sample));
      curve.add(Map.of("k", k, "silhouette", round(score)));
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    }
    sample.unpersist();
    if (best < 0) {
      throw new UserInputException("--k auto needs at least " + (config.kMin() + 1) + " rows with embeddings, got " + n);
    }
    return best;
  }

  private static Model<?> fit(String algorithm, int k, long seed, Dataset<Row> data) {
    return algorithm.equals("bisecting")
        ? new BisectingKMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setFeaturesCol("features")
            .setPredictionCol("cluster").fit(data)
        : new KMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setMaxIter(40).setFeaturesCol("features")
            .setPredictionCol("cluster").fit(data);
  }

  private static double silhouette(Dataset<Row> predictions) {
    return new ClusteringEvaluator().setFeaturesCol("features").setPredictionCol("cluster")
        .setDistanceMeasure("cosine").setMetricName("silhouette").evaluate(predictions);
  }

  private static Map<Integer, List<Map<String, Object>>> representatives(Dataset<Row> predicted) {
    Map<Integer, List<Map<String, Object>>> out = new HashMap<>();
    predicted.withColumn("_r", row_number().over(Window.partitionBy("cluster").orderBy(col("cosine_to_centroid").desc(), col("id"))))
        .filter(col("_r").leq(REPRESENTATIVES)).orderBy("cluster", "_r")
        .select("cluster", "id", "text", "cosine_to_centroid").collectAsList()
        .forEach(r -> {
          Map<String, Object> example = new LinkedHashMap<>();
          example.put("id", r.getString(1));
          example.put("text", snippet(r.getString(2)));
          example.put("cosine", round(r.getFloat(3)));
          out.computeIfAbsent(r.getInt(0), c -> new ArrayList<>()).add(example);
        });
    return out;
  }

  private static Map<Integer, Map<String, Long>> contingency(Dataset<Row> predicted, String clusterCol) {
    Map<Integer, Map<String, Long>> counts = new HashMap<>();
    predicted.groupBy(clusterCol, "label").count().collectAsList().forEach(r ->
        counts.computeIfAbsent(r.getInt(0), c -> new HashMap<>()).put(r.isNullAt(1) ? "(none)" : r.getString(1), r.getLong(2)));
    return counts;
  }

  /** TF-IDF + KMeans with the same k, on the documents that have at least one vocabulary term. */
  private static Map<String, Object> tfidfBaseline(Dataset<Row> featurized, int k, long seed) {
    UserDefinedFunction nonEmpty = udf((Vector v) -> v.numNonzeros() > 0, DataTypes.BooleanType);
    Dataset<Row> docs = featurized.filter(nonEmpty.apply(col(ClusterKeywords.FEATURES)));
    KMeansModel baseline = new KMeans().setK(k).setSeed(seed).setDistanceMeasure("cosine").setMaxIter(40)
        .setFeaturesCol(ClusterKeywords.FEATURES).setPredictionCol("baseline_cluster").fit(docs);
    Dataset<Row> predicted = baseline.transform(docs);
    Map<String, Object> scores = scores(ClusteringMetrics.of(contingency(predicted, "baseline_cluster")));
    scores.put("rows", predicted.count());
    return scores;
  }

  private static List<Map<String, Object>> mapPoints(Dataset<Row> predicted, long seed) {
    long n = predicted.count();
    Dataset<Row> sample = n > MAP_SAMPLE ? predicted.sample(false, 1.2 * MAP_SAMPLE / n, seed).limit(MAP_SAMPLE) : predicted;
    sample = sample.persist(StorageLevel.MEMORY_AND_DISK());
    PCAModel pca = new PCA().setK(2).setInputCol("features").setOutputCol("_xy").fit(sample);
    List<Map<String, Object>> points = new ArrayList<>();
    for (Row r : pca.transform(sample).select("id", "cluster", "_xy", "text").collectAsList()) {
      Vector xy = (Vector) r.get(2);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("x", round(xy.apply(0)));
      p.put("y", round(xy.apply(1)));
      p.put("c", r.getInt(1));
      p.put("id", r.getString(0));
      p.put("t", snippet(r.getString(3)));
      points.add(p);
    }
    sample.unpersist();
    return points;
  }

  private static Map<String, Object> scores(ClusteringMetrics.Scores s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nmi", round(s.nmi()));
    m.put("ari", round(s.ari()));
    m.put("purity", round(s.purity()));
    return m;
  }

  private static float[][] unitRows(Vector[] centers) {
    float[][] out = new float[centers.length][];
    for (int c = 0; c < centers.length; c++) {
      double[] v = centers[c].toArray();
      double norm = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
      out[c] = new float[v.length];
      for (int d = 0; d < v.length; d++) {
        out[c][d] = (float) (v[d] / (norm == 0 ? 1 : norm));
      }
    }
    return out;
  }

  private static float cosine(Vector v, float[] unitCentroid) {
    double dot = 0;
    double norm = 0;
    for (int d = 0; d < unitCentroid.length; d++) {
      double x = v.apply(d);
      dot += x * unitCentroid[d];
      norm += x * x;
    }
    return (float) (dot / Math.sqrt(norm));
  }

  private static String snippet(String text) {
    if (text == null) {
      return null;
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1) + "…";
  }

  private static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }

  /** The summary without per-cluster details: the one line the CLI prints. */
  public static String summaryLine(Map<String, Object> summary) {
    Map<String, Object> line = new LinkedHashMap<>(summary);
    line.remove("clusters");
    return Json.line(line);
  }
}
