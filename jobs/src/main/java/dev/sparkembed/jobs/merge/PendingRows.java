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
 * Step 2: the rows to embed, split into chunks of about {@code --commit-rows} distinct texts, one
 * commit each. Rows with the same text share a chunk, so a text is embedded once per run.
 */
public final class PendingRows {

  static final String CHUNK = "_chunk";
  private static final String EMBEDDED = "embedded";

  private final SparkSession spark;
  private final Dataset<Row> rows;
  private final String folder;
  private final int chunks;

  private PendingRows(SparkSession spark, Dataset<Row> rows, String folder, int chunks) {
    this.spark = spark;
    this.rows = rows;
    this.folder = folder;
    this.chunks = chunks;
  }

  /**
   * @param pending the rows to embed, cached by the comparison: each chunk is a filter over them
   * @param folder where each chunk's embedded rows are written before their commit
   */
  public static PendingRows split(SparkSession spark, Dataset<Row> pending, long distinctTexts, int commitRows,
      String folder) {
    int chunks = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (distinctTexts + commitRows - 1) / commitRows));
    return new PendingRows(spark, pending.withColumn(CHUNK, pmod(xxhash64(col(Changes.TEXT_SHA256)), lit(chunks))),
        folder, chunks);
  }

  public int chunks() {
    return chunks;
  }

  /** One chunk's rows (none when no text hashed to it). */
  public Dataset<Row> chunk(int index) {
    return rows.filter(col(CHUNK).equalTo(index)).drop(CHUNK);
  }

  /**
   * Writes a chunk's embedded rows and returns them as read back: the MERGE then reads files, so
   * however often the table format scans its source (to find the files it touches, then to
   * write), the model runs once per text.
   */
  public Dataset<Row> materialize(Dataset<Row> embedded) {
    String path = folder + "/" + EMBEDDED;
    embedded.write().mode(SaveMode.Overwrite).parquet(path);
    return spark.read().parquet(path);
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
