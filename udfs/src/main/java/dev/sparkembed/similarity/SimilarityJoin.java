package dev.sparkembed.similarity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSH;
import org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

/**
 * Cosine similarity joins between two sides of unit vectors: exact (blocked matrix products),
 * IVF (a k-means coarse quantiser; exact scoring inside lists) and MLlib's LSH for comparison.
 * Output rows are {@code left_id, right_id, score, rank}, rank 1 the best per left row.
 */
public final class SimilarityJoin {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SimilarityJoin.class);

  public static final StructType OUTPUT_SCHEMA = new StructType()
      .add("left_id", DataTypes.StringType, false)
      .add("right_id", DataTypes.StringType, false)
      .add("score", DataTypes.FloatType, false)
      .add("rank", DataTypes.IntegerType, false);

  private SimilarityJoin() {}

  // ---------------------------------------------------------------- exact

  /** Every left block against every right block; a bounded top-k per left row, merged across blocks. */
  public static Dataset<Row> exact(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec) {
    JavaRDD<VectorBlock> leftBlocks = blocks(left, spec.blockRows());
    JavaRDD<VectorBlock> rightBlocks = blocks(right, spec.blockRows());
    float threshold = spec.thresholdOrMin();
    Integer k = spec.k();
    boolean excludeSelf = spec.excludeSelf();
    JavaPairRDD<String, Neighbours> partial = leftBlocks.cartesian(rightBlocks).flatMapToPair(pair ->
        score(pair._1(), List.of(pair._2()), k, threshold, excludeSelf));
    Dataset<Row> result = toRows(spark, partial.reduceByKey(Neighbours::merge));
    return result;
  }

  private static JavaRDD<VectorBlock> blocks(JoinSide side, int blockRows) {
    int partitions = (int) Math.max(1, (side.rows() + blockRows - 1) / blockRows);
    return side.persistDerived(side.vectors().repartition(partitions).mapPartitions(it -> toBlocks(it, blockRows).iterator()),
        StorageLevel.MEMORY_AND_DISK_SER());
  }

  static List<VectorBlock> toBlocks(Iterator<IdVector> rows, int blockRows) {
    List<VectorBlock> blocks = new ArrayList<>();
    List<IdVector> current = new ArrayList<>();
    int dim = -1;
    while (rows.hasNext()) {
      IdVector row = rows.next();
      if (dim < 0) {
        dim = row.vector().length;
      }
      current.add(row);
      if (current.size() == blockRows) {
        blocks.add(VectorBlock.of(current, dim));
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      blocks.add(VectorBlock.of(current, dim));
    }
    return blocks;
  }

  private static Iterator<Tuple2<String, Neighbours>> score(
      VectorBlock left, List<VectorBlock> rights, Integer k, float threshold, boolean excludeSelf) {
    Neighbours[] neighbours = new Neighbours[left.size()];
    for (int i = 0; i < neighbours.length; i++) {
      neighbours[i] = new Neighbours(k);
    }
    for (VectorBlock right : rights) {
      left.scoreAgainst(right, neighbours, threshold, excludeSelf);
    }
    List<Tuple2<String, Neighbours>> out = new ArrayList<>();
    for (int i = 0; i < neighbours.length; i++) {
      if (neighbours[i].size() > 0) {
        out.add(new Tuple2<>(left.id(i), neighbours[i]));
      }
    }
    return out.iterator();
  }

  private static Dataset<Row> toRows(SparkSession spark, JavaPairRDD<String, Neighbours> merged) {
    JavaRDD<Row> rows = merged.flatMap(entry -> {
      List<Row> out = new ArrayList<>();
      int rank = 1;
      for (Neighbours.Match m : entry._2().sorted()) {
        out.add(RowFactory.create(entry._1(), m.rightId(), m.score(), rank++));
      }
      return out.iterator();
    });
    return spark.createDataFrame(rows, OUTPUT_SCHEMA);
  }

  // ---------------------------------------------------------------- IVF

  /**
   * IVF knobs.
   *
   * @param lists coarse clusters (null: about the square root of the right side's rows)
   * @param probes lists each left row searches (null: {@link #defaultProbes(int)})
   * @param maxChunkRows lists larger than this are split, so a skewed list cannot stall a task
   * @param seed for sampling and k-means
   */
  public record IvfParams(Integer lists, Integer probes, int maxChunkRows, long seed) {
    public static final IvfParams DEFAULTS = new IvfParams(null, null, 2048, 42);
  }

  /** What IVF chose, for the summary; {@code chunks}: right lists after splitting oversized ones. */
  public record IvfStats(int lists, int probes, long largestList, int chunks) {}

  /**
   * About 2 x sqrt(N) lists. Measured on 100k real sentence embeddings (BENCHMARKS.md): recall@10
   * 0.95 needs about 10% of the rows scanned with 2 sqrt(N) lists and about 15% with sqrt(N).
   */
  public static int defaultLists(long rightRows) {
    return (int) Math.max(1, Math.min(rightRows, Math.round(2 * Math.sqrt(rightRows))));
  }

  /**
   * 3 x sqrt(lists), at least 8. On 100k real sentence embeddings the probes that reach recall@10
   * 0.95 grew like 2.5 x sqrt(lists) for 316, 632 and 1000 lists (BENCHMARKS.md), so the scanned
   * share of the rows falls as N grows: 12% at 100k, about 6% at 1M.
   */
  public static int defaultProbes(int lists) {
    return Math.min(lists, Math.max(8, (int) Math.ceil(3 * Math.sqrt(lists))));
  }

  /**
   * Spherical k-means iterations for the quantiser. On 100k real sentence embeddings, 5, 10 and
   * 25 iterations gave the same recall at every probe count (scripts/bench-ivf-curve.sh), so more
   * only costs driver time.
   */
  static final int QUANTISER_ITERATIONS = 10;

  /** Left rows broadcast at a time: bounds executor memory (100k x 384 floats = 154 MB). */
  static final int LEFT_SLICE_ROWS = 100_000;

  /**
   * Right vectors move once, into the chunk of their nearest list; the left side is broadcast in
   * slices with each row's probed lists, so no left vector is copied per probe through a shuffle.
   * A task gathers, for each of its right chunks, the left rows that probe that list and scores
   * them in one matrix product; top-k merges inside the task, then across tasks.
   */
  public static Tuple2<Dataset<Row>, IvfStats> ivf(
      SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec, IvfParams params) {
    return ivf(spark, left, right, spec, params, LEFT_SLICE_ROWS);
  }

  static Tuple2<Dataset<Row>, IvfStats> ivf(
      SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec, IvfParams params, int leftSliceRows) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int lists = params.lists() != null ? Math.min(params.lists(), (int) Math.max(1, right.rows())) : defaultLists(right.rows());
    int probes = Math.min(lists, params.probes() != null ? params.probes() : defaultProbes(lists));
    long started = System.nanoTime();
    VectorBlock centroids = trainQuantiser(right, lists, params.seed());
    long trained = System.nanoTime();
    Broadcast<VectorBlock> centroidsB = right.broadcastDerived(jsc, centroids);
    int dim = centroids.dim();

    // Each right row's list, computed once: counted here, then zipped back with the vectors for the
    // shuffle (computing it twice cost 14 s of a 1.1M join). Ints only, so cheap to keep.
    JavaRDD<Integer> nearestList = right.persistDerived(nearestList(right.vectors(), centroidsB), StorageLevel.MEMORY_AND_DISK());
    Map<Integer, Long> rightSizes = nearestList.countByValue();
    JavaPairRDD<Integer, IdVector> rightLists = nearestList.zip(right.vectors());
    int maxChunk = params.maxChunkRows();
    Map<Integer, Integer> chunksPerList = new HashMap<>();
    long largest = 0;
    int chunks = 0;
    for (Map.Entry<Integer, Long> e : rightSizes.entrySet()) {
      int c = (int) ((e.getValue() + maxChunk - 1) / maxChunk);
      chunksPerList.put(e.getKey(), c);
      chunks += c;
      largest = Math.max(largest, e.getValue());
    }
    LOG.info("ivf: quantiser of {} lists trained in {} ms, right side assigned in {} ms",
        lists, (trained - started) / 1_000_000, (System.nanoTime() - trained) / 1_000_000);
    Broadcast<Map<Integer, Integer>> chunksB = right.broadcastDerived(jsc, chunksPerList);
    // Every task emits a partial top-k for each left row that probes one of its chunks: few tasks,
    // few partials to shuffle. Chunks are bounded by maxChunkRows, so tasks stay balanced.
    int partitions = Math.max(spark.sparkContext().defaultParallelism() * 2, chunks / 64);
    // (list, chunk) -> right vectors; a list larger than maxChunk becomes several chunks.
    JavaRDD<Tuple2<Integer, VectorBlock>> rightChunks = right.persistDerived(rightLists
        .mapToPair(e -> new Tuple2<>(((long) e._1() << 20) | Math.floorMod(e._2().id().hashCode(), chunksB.value().get(e._1())), e._2()))
        .groupByKey(new HashPartitioner(Math.max(1, partitions)))
        .map(e -> {
          List<IdVector> rows = new ArrayList<>();
          e._2().forEach(rows::add);
          return new Tuple2<>((int) (e._1() >>> 20), VectorBlock.of(rows, dim));
        }), JoinSide.storageLevel(right.rows())); // read once per left slice

    float threshold = spec.thresholdOrMin();
    Integer k = spec.k();
    boolean excludeSelf = spec.excludeSelf();
    LeftSlices slices = LeftSlices.of(left.vectors(), leftSliceRows);
    boolean oneSlice = slices.groups().size() <= 1;
    List<Dataset<Row>> sliceResults = new ArrayList<>();
    for (int[] partitionGroup : slices.groups()) {
      Broadcast<ProbedSlice> sliceB = left.broadcastDerived(jsc, slices.collectProbed(partitionGroup, dim, centroidsB, probes));
      Broadcast<float[]> floorsB = k == null ? null
          : left.broadcastDerived(jsc, rowFloors(rightChunks, sliceB, k, threshold, excludeSelf));
      JavaPairRDD<String, Neighbours> slicePartial = rightChunks.mapPartitionsToPair(it -> {
        ProbedSlice q = sliceB.value();
        float[] floors = floorsB == null ? null : floorsB.value();
        // Indexed by slice row: no boxing or hashing for the millions of (row, chunk) visits.
        Neighbours[] best = new Neighbours[q.queries().size()];
        while (it.hasNext()) {
          Tuple2<Integer, VectorBlock> chunk = it.next();
          int[] rows = q.probing(chunk._1());
          if (rows.length == 0) {
            continue;
          }
          Neighbours[] neighbours = new Neighbours[rows.length];
          float[] chunkFloors = floors == null ? null : new float[rows.length];
          for (int i = 0; i < rows.length; i++) {
            if (best[rows[i]] == null) {
              best[rows[i]] = new Neighbours(k);
            }
            neighbours[i] = best[rows[i]];
            if (floors != null) {
              chunkFloors[i] = floors[rows[i]];
            }
          }
          q.gather(rows).scoreAgainst(chunk._2(), neighbours, threshold, chunkFloors, excludeSelf);
        }
        List<Tuple2<String, Neighbours>> out = new ArrayList<>();
        for (int row = 0; row < best.length; row++) {
          if (best[row] != null && best[row].size() > 0) {
            out.add(new Tuple2<>(q.queries().id(row), best[row]));
          }
        }
        return out.iterator();
      });
      // A slice covers every right chunk, so its merged top-k are final for its left rows.
      Dataset<Row> sliceResult = toRows(spark, slicePartial.reduceByKey(Neighbours::merge));
      if (!oneSlice) {
        // Score this slice now and drop its broadcast (154 MB per 100k rows), so memory does not
        // grow with the left side. Checkpointed reliably when a checkpoint folder is set, else
        // kept on the executors (an executor lost later fails the join; rerun it).
        sliceResult = left.checkpointed(spark.sparkContext().getCheckpointDir().isDefined()
            ? sliceResult.checkpoint(true) : sliceResult.localCheckpoint(true));
        left.destroyNow(sliceB);
        if (floorsB != null) {
          left.destroyNow(floorsB);
        }
      }
      sliceResults.add(sliceResult);
    }
    Dataset<Row> result = sliceResults.stream().reduce(Dataset::union)
        .orElseGet(() -> spark.createDataFrame(List.of(), OUTPUT_SCHEMA));
    return new Tuple2<>(result, new IvfStats(lists, probes, largest, chunks));
  }

  /**
   * Products of two differently shaped matrices can differ in the last bits for the same pair, so
   * a floor is lowered by this much before it prunes (scores of unit vectors are within [-1, 1]).
   */
  static final float FLOOR_MARGIN = 1e-4f;

  /**
   * A lower bound on each slice row's final k-th score: its top-k within its nearest list alone
   * (a cheap pass, 1/probes of the scoring). Scores below it cannot enter the row's top-k, so the
   * full pass skips them without offering them to a top-k that starts empty in every task. Rows
   * with fewer than k candidates there get no bound. The result is the same as without floors.
   */
  private static float[] rowFloors(JavaRDD<Tuple2<Integer, VectorBlock>> rightChunks, Broadcast<ProbedSlice> sliceB,
      int k, float threshold, boolean excludeSelf) {
    List<Tuple2<Integer, Float>> bounds = rightChunks.mapPartitions(it -> {
      ProbedSlice q = sliceB.value();
      List<Tuple2<Integer, Float>> out = new ArrayList<>();
      while (it.hasNext()) {
        Tuple2<Integer, VectorBlock> chunk = it.next();
        int[] rows = q.nearestTo(chunk._1());
        Neighbours[] neighbours = new Neighbours[rows.length];
        for (int i = 0; i < rows.length; i++) {
          neighbours[i] = new Neighbours(k);
        }
        q.gather(rows).scoreAgainst(chunk._2(), neighbours, threshold, excludeSelf);
        for (int i = 0; i < rows.length; i++) {
          if (neighbours[i].size() == k) {
            out.add(new Tuple2<>(rows[i], neighbours[i].floor()));
          }
        }
      }
      return out.iterator();
    }).collect();
    float[] floors = new float[sliceB.value().queries().size()];
    java.util.Arrays.fill(floors, Float.NEGATIVE_INFINITY);
    for (Tuple2<Integer, Float> bound : bounds) {
      // A list split into chunks gives one bound per chunk; each holds, the highest is tightest.
      floors[bound._1()] = Math.max(floors[bound._1()], bound._2() - FLOOR_MARGIN);
    }
    return floors;
  }

  /**
   * The left side cut into slices of whole partitions, each at most {@code sliceRows} rows, so a
   * slice reaches the driver one partition at a time and no partition is read twice. Partitions
   * larger than a slice are split first by a repartition.
   */
  record LeftSlices(JavaRDD<IdVector> vectors, long[] partitionRows, List<int[]> groups) {
    static LeftSlices of(JavaRDD<IdVector> vectors, int sliceRows) {
      long[] sizes = partitionRows(vectors);
      long total = 0;
      long largest = 0;
      for (long size : sizes) {
        total += size;
        largest = Math.max(largest, size);
      }
      if (largest > sliceRows) {
        long half = Math.max(1, sliceRows / 2);
        vectors = vectors.repartition((int) Math.min(Integer.MAX_VALUE, (total + half - 1) / half));
        sizes = partitionRows(vectors);
      }
      List<int[]> groups = new ArrayList<>();
      List<Integer> group = new ArrayList<>();
      long groupRows = 0;
      for (int p = 0; p < sizes.length; p++) {
        if (sizes[p] == 0) {
          continue;
        }
        if (!group.isEmpty() && groupRows + sizes[p] > sliceRows) {
          groups.add(group.stream().mapToInt(Integer::intValue).toArray());
          group.clear();
          groupRows = 0;
        }
        group.add(p);
        groupRows += sizes[p];
      }
      if (!group.isEmpty()) {
        groups.add(group.stream().mapToInt(Integer::intValue).toArray());
      }
      return new LeftSlices(vectors, sizes, groups);
    }

    private static long[] partitionRows(JavaRDD<IdVector> vectors) {
      List<Tuple2<Integer, Long>> counts = vectors.mapPartitionsWithIndex((index, it) -> {
        long n = 0;
        for (; it.hasNext(); it.next()) {
          n++;
        }
        return List.of(new Tuple2<>(index, n)).iterator();
      }, true).collect();
      long[] sizes = new long[vectors.getNumPartitions()];
      counts.forEach(c -> sizes[c._1()] = c._2());
      return sizes;
    }

    /**
     * One slice with each row's {@code probes} nearest centroids: every partition is made a block
     * and probed by its own task, in parallel, then copied into one block on the driver.
     */
    ProbedSlice collectProbed(int[] partitions, int dim, Broadcast<VectorBlock> centroids, int probes) {
      int rows = 0;
      for (int p : partitions) {
        rows += (int) partitionRows[p];
      }
      List<Tuple2<VectorBlock, int[][]>>[] parts = vectors.mapPartitions(it -> {
        List<IdVector> partition = new ArrayList<>();
        it.forEachRemaining(partition::add);
        VectorBlock block = VectorBlock.of(partition, dim);
        return List.of(new Tuple2<>(block, block.nearestRows(centroids.value(), probes))).iterator();
      }).collectPartitions(partitions);
      String[] ids = new String[rows];
      float[] data = new float[rows * dim];
      int[][] probed = new int[rows][];
      int at = 0;
      for (int i = 0; i < parts.length; i++) {
        VectorBlock block = parts[i].get(0)._1();
        if (at + block.size() > rows) {
          throw new IllegalStateException("left slice changed between passes: expected " + rows + " rows, got more");
        }
        for (int r = 0; r < block.size(); r++, at++) {
          ids[at] = block.id(r);
          block.copyRow(r, data, at * dim);
          probed[at] = parts[i].get(0)._2()[r];
        }
        parts[i] = null; // copied: let it go before the next one
      }
      if (at != rows) {
        throw new IllegalStateException("left slice changed between passes: expected " + rows + " rows, got " + at);
      }
      return ProbedSlice.of(new VectorBlock(ids, data, dim), probed, centroids.value().size());
    }
  }

  /** A slice of left rows and, per list (a centroid index), which of them probe it. */
  record ProbedSlice(VectorBlock queries, int[][] probingRows, int[] nearest) implements java.io.Serializable {
    static ProbedSlice of(VectorBlock queries, int[][] probed, int lists) {
      // Counting sort by list: a slice of 100k rows makes millions of (list, row) entries.
      int[] counts = new int[lists];
      for (int[] probedLists : probed) {
        for (int list : probedLists) {
          counts[list]++;
        }
      }
      int[][] index = new int[lists][];
      for (int list = 0; list < lists; list++) {
        index[list] = new int[counts[list]];
      }
      int[] filled = new int[lists];
      int[] nearest = new int[probed.length];
      for (int row = 0; row < probed.length; row++) {
        for (int list : probed[row]) {
          index[list][filled[list]++] = row;
        }
        nearest[row] = probed[row].length == 0 ? -1 : probed[row][0];
      }
      return new ProbedSlice(queries, index, nearest);
    }

    int[] probing(int list) {
      return probingRows[list];
    }

    /** Rows whose nearest list (first probe) is {@code list}. */
    int[] nearestTo(int list) {
      return java.util.Arrays.stream(probingRows[list]).filter(row -> nearest[row] == list).toArray();
    }

    VectorBlock gather(int[] rows) {
      int dim = queries.dim();
      String[] ids = new String[rows.length];
      float[] data = new float[rows.length * dim];
      for (int i = 0; i < rows.length; i++) {
        ids[i] = queries.id(rows[i]);
        queries.copyRow(rows[i], data, i * dim);
      }
      return new VectorBlock(ids, data, dim);
    }
  }

  /**
   * Cosine k-means on a sample collected to the driver ({@link SphericalKMeans}: BLAS products,
   * 20x faster here than MLlib's KMeans, whose 27 s dominated a 100k IVF join).
   */
  private static VectorBlock trainQuantiser(JoinSide right, int lists, long seed) {
    // About 64 rows per centroid, at least 20k rows, and at most 100k (driver memory and time).
    long sampleSize = Math.min(right.rows(), Math.max(20_000L, Math.min(100_000L, 64L * lists)));
    double fraction = Math.min(1.0, 1.1 * sampleSize / Math.max(1, right.rows()));
    List<IdVector> sample = right.vectors().sample(false, fraction, seed).collect();
    if (sample.size() < lists) {
      sample = right.vectors().take(lists);
    }
    List<VectorBlock> parts = toBlocks(sample.iterator(), 4096);
    return SphericalKMeans.fit(parts, Math.min(lists, sample.size()), QUANTISER_ITERATIONS, seed);
  }

  private static JavaRDD<Integer> nearestList(JavaRDD<IdVector> vectors, Broadcast<VectorBlock> centroids) {
    return vectors.mapPartitions(it -> {
      List<Integer> out = new ArrayList<>();
      for (VectorBlock block : toBlocks(it, 1024)) {
        for (int[] nearest : block.nearestRows(centroids.value(), 1)) {
          out.add(nearest[0]);
        }
      }
      return out.iterator();
    });
  }

  // ---------------------------------------------------------------- LSH (for comparison)

  /**
   * MLlib's BucketedRandomProjectionLSH: Euclidean, threshold-only. On unit vectors
   * distance = sqrt(2 - 2 cos), so a cosine threshold maps to a distance threshold; top-k keeps
   * the best k pairs found under that threshold.
   */
  public static Dataset<Row> lsh(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec,
      double minCosine, int hashTables, double bucketLength, long seed) {
    Dataset<Row> l = features(spark, left);
    Dataset<Row> r = features(spark, right);
    BucketedRandomProjectionLSHModel model = new BucketedRandomProjectionLSH().setInputCol("features")
        .setOutputCol("hashes").setNumHashTables(hashTables).setBucketLength(bucketLength).setSeed(seed).fit(r);
    double cosine = spec.threshold() != null ? spec.threshold() : minCosine;
    double distance = Math.sqrt(Math.max(0, 2 - 2 * cosine));
    Dataset<Row> pairs = model.approxSimilarityJoin(l, r, distance, "distance")
        .select(col("datasetA.id").as("left_id"), col("datasetB.id").as("right_id"),
            lit(1.0).minus(col("distance").multiply(col("distance")).divide(2)).cast("float").as("score"));
    if (spec.excludeSelf()) {
      pairs = pairs.filter(col("left_id").notEqual(col("right_id")));
    }
    pairs = pairs.filter(col("score").geq(cosine));
    Dataset<Row> ranked = pairs.withColumn("rank",
        row_number().over(Window.partitionBy("left_id").orderBy(col("score").desc(), col("right_id"))));
    if (spec.k() != null) {
      ranked = ranked.filter(col("rank").leq(spec.k()));
    }
    return ranked;
  }

  private static Dataset<Row> features(SparkSession spark, JoinSide side) {
    JavaRDD<Row> rows = side.vectors().map(v -> RowFactory.create(v.id(), toMl(v.vector())));
    return spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType).add("features", SQLDataTypes.VectorType()));
  }

  private static Vector toMl(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return Vectors.dense(d);
  }

  // ---------------------------------------------------------------- recall

  /**
   * Recall of {@code result} against exact search, on {@code sampleSize} sampled left rows:
   * the mean over sampled rows of |found ∩ exact| / |exact| (rows with no exact match skipped).
   */
  public static double recall(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec,
      Dataset<Row> result, int sampleSize, long seed) {
    List<IdVector> sample = left.vectors().takeSample(false, sampleSize, seed);
    if (sample.isEmpty()) {
      return Double.NaN;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<VectorBlock> queries = jsc.broadcast(VectorBlock.of(sample, sample.get(0).vector().length));
    try {
      return recall(right, spec, result, sample, queries);
    } finally {
      queries.destroy();
    }
  }

  private static double recall(JoinSide right, JoinSpec spec, Dataset<Row> result, List<IdVector> sample,
      Broadcast<VectorBlock> queries) {
    Integer k = spec.k();
    float threshold = spec.thresholdOrMin();
    boolean excludeSelf = spec.excludeSelf();
    int blockRows = spec.blockRows();
    List<Tuple2<String, Neighbours>> exactPartials = right.vectors().mapPartitions(it ->
        score(queries.value(), toBlocks(it, blockRows), k, threshold, excludeSelf)).collect();
    Map<String, Neighbours> exact = new HashMap<>();
    for (Tuple2<String, Neighbours> p : exactPartials) {
      exact.merge(p._1(), p._2(), Neighbours::merge);
    }
    Set<String> sampled = new HashSet<>();
    sample.forEach(v -> sampled.add(v.id()));
    Map<String, Set<String>> found = new HashMap<>();
    for (Row row : result.filter(col("left_id").isInCollection(sampled)).select("left_id", "right_id").collectAsList()) {
      found.computeIfAbsent(row.getString(0), x -> new HashSet<>()).add(row.getString(1));
    }
    double sum = 0;
    int counted = 0;
    for (Map.Entry<String, Neighbours> e : exact.entrySet()) {
      List<Neighbours.Match> truth = e.getValue().sorted();
      if (truth.isEmpty()) {
        continue;
      }
      Set<String> got = found.getOrDefault(e.getKey(), Set.of());
      long hit = truth.stream().filter(m -> got.contains(m.rightId())).count();
      sum += (double) hit / truth.size();
      counted++;
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
