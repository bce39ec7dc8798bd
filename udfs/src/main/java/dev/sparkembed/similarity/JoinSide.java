package dev.sparkembed.similarity;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * One side of a join, ready to score: ids as strings, unit vectors; rows with a null id or a null
 * embedding skipped and counted, vectors that were not unit length normalised and counted, and the
 * labels of the models that made the vectors (the embed output's {@code model} column) collected.
 *
 * @param vectors rows with an id and an embedding, as unit vectors, read from {@code cache}
 * @param rows how many such rows
 * @param nullEmbeddings rows with an id but no embedding (a null text)
 * @param nullIds rows without an id, which cannot be named in a result
 * @param repeatedIds rows whose id another row with an id also has (rows with an id, less their
 *     distinct ids): a result names rows by id, so such rows share their pairs
 * @param normalized rows whose vectors were not unit length
 * @param dimension the length of every vector; 0 when there is none
 * @param models distinct non-null values of the {@code model} column; empty when there is none
 * @param cache the input as read, skipped rows included; persisted, released by {@link #release()}
 * @param resources what joins made from this side (cached blocks and lists, broadcasts, result
 *     checkpoints); released with it
 */
public record JoinSide(JavaRDD<IdVector> vectors, long rows, long nullEmbeddings, long nullIds, long repeatedIds,
    long normalized, int dimension, Set<String> models, JavaRDD<IdVector> cache, List<Object> resources) {

  /** The embed output's column naming the model of each row. */
  public static final String MODEL_COL = "model";

  /** Norms further than this from 1 count as "not normalised". */
  static final double NORM_TOLERANCE = 1e-3;

  /**
   * Reads the input once: the raw vectors are cached (the counts come from that same pass) and
   * normalised on each read of the cache, which costs one dot product per row and keeps the "was
   * not unit length" count without a second pass over the input. The model labels come from the
   * pass that counts the rows, before the cache is filled, so the cache holds no string per row.
   *
   * @throws IllegalArgumentException when the vectors differ in length
   */
  public static JoinSide of(Dataset<Row> embeddings, String idCol, String embeddingCol) {
    Dataset<Row> selected = embeddings.select(col(idCol).cast("string"), col(embeddingCol).cast("array<float>"));
    Set<String> models = new TreeSet<>();
    // One pass for the row count, the distinct ids (one shuffle of the ids alone) and the model
    // labels (one string column, dictionary-encoded in Parquet).
    boolean labelled = Arrays.asList(embeddings.columns()).contains(MODEL_COL);
    Row counted = embeddings.agg(count(lit(1)), countDistinct(col(idCol).cast("string")),
        labelled ? collect_set(col(MODEL_COL).cast("string")) : lit(null)).first();
    long total = counted.getLong(0);
    long distinctIds = counted.getLong(1);
    if (labelled) {
      models.addAll(counted.getList(2));
    }
    // The count picks where the cache lives before it is filled. Catalyst's own rows: a float array
    // is copied out in one call, where Row would box each float.
    JavaRDD<IdVector> cache = selected.queryExecution().toRdd().toJavaRDD().map(row -> {
      String id = row.isNullAt(0) ? null : row.getUTF8String(0).toString();
      if (row.isNullAt(1)) {
        return new IdVector(id, null);
      }
      ArrayData array = row.getArray(1);
      for (int i = 0; i < array.numElements(); i++) {
        if (array.isNullAt(i)) {
          throw new IllegalArgumentException("embedding of id " + id + " has a null element at index " + i);
        }
      }
      return new IdVector(id, array.toFloatArray());
    }).persist(storageLevel(total));
    long[] counts = cache.aggregate(new long[] {0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE}, (acc, row) -> {
      if (row.id() == null) {
        acc[NULL_IDS]++;
      } else if (row.vector() == null) {
        acc[NULL_EMBEDDINGS]++;
      } else {
        acc[KEPT]++;
        if (Math.abs(norm(row.vector()) - 1) > NORM_TOLERANCE) {
          acc[NORMALIZED]++;
        }
        acc[SHORTEST] = Math.min(acc[SHORTEST], row.vector().length);
        acc[LONGEST] = Math.max(acc[LONGEST], row.vector().length);
      }
      return acc;
    }, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], Math.min(a[4], b[4]), Math.max(a[5], b[5])});
    if (counts[KEPT] > 0 && counts[SHORTEST] != counts[LONGEST]) {
      // Scoring takes every vector to have the first one's length: a longer one would be cut short.
      cache.unpersist(false);
      throw new IllegalArgumentException(ModelCheck.differentLengths(counts[SHORTEST], counts[LONGEST]));
    }
    JavaRDD<IdVector> vectors = cache.filter(row -> row.id() != null && row.vector() != null).map(row -> {
      double n = norm(row.vector());
      if (n == 0 || Math.abs(n - 1) <= 1e-6) {
        return row;
      }
      float[] v = row.vector().clone(); // the cached array is shared by every read
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / n);
      }
      return new IdVector(row.id(), v);
    });
    long repeatedIds = total - counts[NULL_IDS] - distinctIds;
    return new JoinSide(vectors, counts[KEPT], counts[NULL_EMBEDDINGS], counts[NULL_IDS], repeatedIds, counts[NORMALIZED],
        counts[KEPT] == 0 ? 0 : (int) counts[LONGEST],
        Set.copyOf(models), cache, new CopyOnWriteArrayList<>());
  }

  private static final int KEPT = 0;
  private static final int NULL_EMBEDDINGS = 1;
  private static final int NULL_IDS = 2;
  private static final int NORMALIZED = 3;
  private static final int SHORTEST = 4;
  private static final int LONGEST = 5;

  private static double norm(float[] v) {
    double squares = 0;
    for (float x : v) {
      squares += (double) x * x;
    }
    return Math.sqrt(squares);
  }

  /** Rows above which a side's vectors are cached on disk only (100k x 384 floats = 154 MB). */
  static final long IN_MEMORY_ROWS = 100_000;

  /**
   * Serialized either way; past {@link #IN_MEMORY_ROWS} on disk only, because storage memory is
   * not given back for the driver's own arrays: at 1.1M rows, 1.7 GB of cached vectors left a 4 GB
   * local-mode JVM without room to fetch a 100k-row slice.
   */
  static StorageLevel storageLevel(long rows) {
    return rows > IN_MEMORY_ROWS ? StorageLevel.DISK_ONLY() : StorageLevel.MEMORY_AND_DISK_SER();
  }

  /**
   * Persists an RDD a join computed from this side, so that {@link #release()} frees it too: a
   * notebook that runs many joins would otherwise keep every join's blocks until it ends.
   */
  <T> JavaRDD<T> persistDerived(JavaRDD<T> rdd, StorageLevel level) {
    resources.add(rdd.persist(level));
    return rdd;
  }

  /** Broadcasts a value a join needs until its result is written; {@link #release()} destroys it. */
  <T> Broadcast<T> broadcastDerived(JavaSparkContext jsc, T value) {
    Broadcast<T> broadcast = jsc.broadcast(value);
    resources.add(broadcast);
    return broadcast;
  }

  /** Destroys a broadcast made by {@link #broadcastDerived} as soon as it is no longer needed. */
  void destroyNow(Broadcast<?> broadcast) {
    if (resources.remove(broadcast)) {
      broadcast.destroy();
    }
  }

  /** Records a checkpointed result (its blocks live on the executors) for {@link #release()}. */
  Dataset<Row> checkpointed(Dataset<Row> checkpoint) {
    LogicalPlan plan = checkpoint.queryExecution().logical();
    if (plan instanceof LogicalRDD rdd) {
      resources.add(rdd.rdd());
    }
    return checkpoint;
  }

  /**
   * Unpersists the side's cache and destroys everything joins made from it; call when their
   * results are written or collected (they cannot be computed again afterwards).
   */
  public void release() {
    cache.unpersist(false);
    for (Object resource : resources) {
      if (resource instanceof JavaRDD<?> rdd) {
        rdd.unpersist(false);
      } else if (resource instanceof org.apache.spark.rdd.RDD<?> rdd) {
        rdd.unpersist(false);
      } else if (resource instanceof Broadcast<?> broadcast) {
        broadcast.destroy();
      }
    }
    resources.clear();
  }
}
