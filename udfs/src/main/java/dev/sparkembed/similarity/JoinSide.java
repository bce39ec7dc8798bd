package dev.sparkembed.similarity;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.storage.StorageLevel;

/**
 * One side of a join, ready to score: ids as strings, unit vectors, null embeddings skipped and
 * counted, vectors that were not unit length normalised and counted.
 *
 * @param vectors non-null embeddings as unit vectors, read from {@code cache}
 * @param cache the input as read, null embeddings included; persisted, released by {@link #release()}
 * @param derivedCaches what joins persisted from this side (blocks, IVF lists); released with it
 */
public record JoinSide(JavaRDD<IdVector> vectors, long rows, long nullEmbeddings, long normalized, JavaRDD<IdVector> cache,
    List<JavaRDD<?>> derivedCaches) {

  /** Norms further than this from 1 count as "not normalised". */
  static final double NORM_TOLERANCE = 1e-3;

  /**
   * Reads the input once: the raw vectors are cached (the counts come from that same pass) and
   * normalised on each read of the cache, which costs one dot product per row and keeps the
   * "was not unit length" count without a second pass over the input.
   */
  public static JoinSide of(Dataset<Row> embeddings, String idCol, String embeddingCol) {
    Dataset<Row> selected = embeddings.select(col(idCol).cast("string"), col(embeddingCol).cast("array<float>"));
    // Cheap for Parquet (footers only); picks where the cache lives before it is filled.
    long total = selected.count();
    // Catalyst's own rows: a float array is copied out in one call, where Row would box each float.
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
    long[] counts = cache.aggregate(new long[3], (acc, row) -> {
      acc[0]++;
      if (row.vector() == null) {
        acc[1]++;
      } else if (Math.abs(norm(row.vector()) - 1) > NORM_TOLERANCE) {
        acc[2]++;
      }
      return acc;
    }, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    JavaRDD<IdVector> vectors = cache.filter(row -> row.vector() != null).map(row -> {
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
    return new JoinSide(vectors, counts[0] - counts[1], counts[1], counts[2], cache, new CopyOnWriteArrayList<>());
  }

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
    derivedCaches.add(rdd.persist(level));
    return rdd;
  }

  /** Unpersists the side's cache and everything joins persisted from it; call when their results are written. */
  public void release() {
    cache.unpersist(false);
    derivedCaches.forEach(rdd -> rdd.unpersist(false));
    derivedCaches.clear();
  }
}
