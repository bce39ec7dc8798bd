package dev.sparkembed.jobs.merge;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Step 2: the rows to embed, written once to a staging folder split into chunks of about {@code
 * --commit-rows} distinct texts, so each commit reads only its chunk (the comparison is not
 * redone per chunk). Rows with the same text share a chunk, so a text is embedded once per run.
 */
public final class PendingRows {

  static final String CHUNK = "_chunk";

  private final SparkSession spark;
  private final String folder;
  private final int chunks;

  private PendingRows(SparkSession spark, String folder, int chunks) {
    this.spark = spark;
    this.folder = folder;
    this.chunks = chunks;
  }

  public static PendingRows stage(SparkSession spark, Dataset<Row> pending, long distinctTexts, int commitRows, String folder) {
    int chunks = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (distinctTexts + commitRows - 1) / commitRows));
    pending.withColumn(CHUNK, pmod(xxhash64(col(Changes.TEXT_SHA256)), lit(chunks)))
        .write().mode(SaveMode.Overwrite).partitionBy(CHUNK).parquet(folder);
    return new PendingRows(spark, folder, chunks);
  }

  public int chunks() {
    return chunks;
  }

  /** One chunk's rows (none when no text hashed to it). */
  public Dataset<Row> chunk(int index) {
    return spark.read().parquet(folder).filter(col(CHUNK).equalTo(index)).drop(CHUNK);
  }

  public void delete(Configuration conf) {
    try {
      Path path = new Path(folder);
      path.getFileSystem(conf).delete(path, true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot delete staging folder " + folder, e);
    }
  }
}
