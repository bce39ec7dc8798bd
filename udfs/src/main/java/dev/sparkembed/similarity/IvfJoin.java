package dev.sparkembed.similarity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Inverted-file search: a cosine k-means quantiser on a sample of the right side gives the lists
 * ({@link #trainQuantiser}), each right vector moves once into the chunk of its nearest list, and
 * each left row searches its {@code probes} nearest lists with exact scoring inside them. Where
 * IVF chooses its lists: {@link #defaultLists}, {@link #defaultProbes} and {@link #nearestList}.
 */
public final class IvfJoin implements JoinMethod {

  public static final String NAME = "ivf";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IvfJoin.class);

  private final JoinOptions options;
  private final int leftSliceRows;

  public IvfJoin(JoinOptions options) {
    this(options, LEFT_SLICE_ROWS);
  }

  /** With smaller left slices, for tests of the multi-slice path. */
  IvfJoin(JoinOptions options, int leftSliceRows) {
    this.options = options;
    this.leftSliceRows = leftSliceRows;
  }

  @Override
  public String name() {
    return NAME;
  }

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
  @Override
  public JoinResult join(SparkSession spark, JoinSide left, JoinSide right, JoinSpec spec) {
    JoinOptions params = options;
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
    int maxChunk = params.maxListRows();
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
      Dataset<Row> sliceResult = PartialTopK.mergeToRows(spark, slicePartial, k,
          PartialTopK.partitionsFor(spark, Math.min(left.rows(), leftSliceRows)));
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
        .orElseGet(() -> spark.createDataFrame(List.of(), JoinResult.SCHEMA));
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("lists", lists);
    stats.put("probes", probes);
    stats.put("largest_list", largest);
    stats.put("chunks", chunks);
    return new JoinResult(result, stats);
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
    List<VectorBlock> parts = BlockScoring.toBlocks(sample.iterator(), 4096);
    return SphericalKMeans.fit(parts, Math.min(lists, sample.size()), QUANTISER_ITERATIONS, seed);
  }

  private static JavaRDD<Integer> nearestList(JavaRDD<IdVector> vectors, Broadcast<VectorBlock> centroids) {
    return vectors.mapPartitions(it -> {
      List<Integer> out = new ArrayList<>();
      for (VectorBlock block : BlockScoring.toBlocks(it, 1024)) {
        for (int[] nearest : block.nearestRows(centroids.value(), 1)) {
          out.add(nearest[0]);
        }
      }
      return out.iterator();
    });
  }
}
