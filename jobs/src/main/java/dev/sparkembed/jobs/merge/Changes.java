package dev.sparkembed.jobs.merge;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sparkembed.jobs.Corpus;
import dev.sparkembed.jobs.UserInputException;
import dev.sparkembed.spark.EmbedColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Step 1: the corpus against the table as of one version, row by row: {@code new} (id not in the
 * table), {@code changed} (its text's SHA-256 differs), {@code model_changed} (same text, another
 * model or prefix), {@code unchanged}, and {@code deleted} (in the table, not in the input).
 */
public final class Changes {

  public static final String TEXT_SHA256 = "text_sha256";
  public static final String NEW = "new";
  public static final String CHANGED = "changed";
  public static final String MODEL_CHANGED = "model_changed";
  public static final String UNCHANGED = "unchanged";
  public static final String DELETED = "deleted";

  static final String KIND = "_change";
  private static final String IN_INPUT = "_in_input";
  private static final String ID_RANK = "_id_rank";
  private static final String TABLE_ID = "_table_id";
  private static final String TABLE_SHA = "_table_sha";
  private static final String TABLE_MODEL = "_table_model";

  private final Dataset<Row> compared;
  private final Dataset<Row> inputRows;
  private final Corpus corpus;

  private Changes(Dataset<Row> compared, Dataset<Row> inputRows, Corpus corpus) {
    this.compared = compared;
    this.inputRows = inputRows;
    this.corpus = corpus;
  }

  /**
   * @param table the table as of the version this run started from, or null when there is none
   * @param modelLabel this run's {@code model} value (model name@fingerprint, and prefix)
   * @param prefix the text put before every text: the hash is of what the model reads
   */
  public static Changes compare(Corpus corpus, Dataset<Row> table, String tableName, String modelLabel, String prefix) {
    Column text = col(quote(corpus.textCol()));
    Column id = col(quote(corpus.idCol()));
    Dataset<Row> rows = corpus.rows().withColumn(TEXT_SHA256, sha2(concat(lit(prefix), text), 256));
    // Each row's rank among the input rows with its id (above 1: a repeated id). The window's
    // shuffle and sort by id are the ones the join below needs, so Spark does them once; a
    // count of distinct ids afterwards would shuffle every row again.
    Dataset<Row> ranked = rows.withColumn(ID_RANK, row_number().over(Window.partitionBy(id).orderBy(id)));
    Dataset<Row> compared;
    if (table == null) {
      compared = ranked.withColumn(IN_INPUT, lit(true)).withColumn(KIND, lit(NEW));
    } else {
      for (String needed : List.of(corpus.idCol(), TEXT_SHA256, EmbedColumns.MODEL)) {
        if (!Arrays.asList(table.columns()).contains(needed)) {
          throw new UserInputException("table " + tableName + " has no column '" + needed
              + "': merge into a table that spark-embed --mode merge created");
        }
      }
      Dataset<Row> known = table.select(col(quote(corpus.idCol())).as(TABLE_ID), col(TEXT_SHA256).as(TABLE_SHA),
          col(EmbedColumns.MODEL).as(TABLE_MODEL));
      compared = ranked.withColumn(IN_INPUT, lit(true)).join(known, id.equalTo(col(TABLE_ID)), "full_outer")
          .withColumn(KIND, when(col(IN_INPUT).isNull(), DELETED)
              .when(col(TABLE_ID).isNull(), NEW)
              .when(not(col(TEXT_SHA256).eqNullSafe(col(TABLE_SHA))), CHANGED)
              .when(not(col(TABLE_MODEL).eqNullSafe(lit(modelLabel))), MODEL_CHANGED)
              .otherwise(UNCHANGED))
          // A deleted row keeps its id (the table's), so that the MERGE can name what it deletes.
          .withColumn(corpus.idCol(), functions.coalesce(id, col(TABLE_ID)))
          .drop(TABLE_ID, TABLE_SHA, TABLE_MODEL);
    }
    // Only pending rows are read past the counts: the others keep their id and kind, not their
    // text, hash and kept columns, so the cache holds little more than the ids of what is unchanged.
    for (String payload : rows.columns()) {
      if (!payload.equals(corpus.idCol())) {
        compared = compared.withColumn(payload, when(isPending(), col(quote(payload))));
      }
    }
    // Read once: the counts, the staging of what changed and the ids --delete-missing keeps all
    // come from it, and the input (often JSON to parse) and the table are not read again.
    return new Changes(compared.persist(StorageLevel.MEMORY_AND_DISK()), rows, corpus);
  }

  private static Column isPending() {
    return col(KIND).isin(NEW, CHANGED, MODEL_CHANGED);
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  /** Counts every kind in one pass, and refuses null or repeated ids (a MERGE by id needs them unique). */
  public Counts counts() {
    Column inInput = col(IN_INPUT).isNotNull();
    Column id = col(quote(corpus.idCol()));
    Row r = compared.agg(
        sum(when(inInput, 1).otherwise(0)),
        sum(when(col(KIND).equalTo(NEW), 1).otherwise(0)),
        sum(when(col(KIND).equalTo(CHANGED), 1).otherwise(0)),
        sum(when(col(KIND).equalTo(MODEL_CHANGED), 1).otherwise(0)),
        sum(when(col(KIND).equalTo(UNCHANGED), 1).otherwise(0)),
        sum(when(col(KIND).equalTo(DELETED), 1).otherwise(0)),
        sum(when(inInput.and(id.isNull()), 1).otherwise(0)),
        sum(when(inInput.and(id.isNotNull()).and(col(ID_RANK).gt(1)), 1).otherwise(0)),
        // One distinct aggregate, over the hashes, which only pending rows keep (see compare):
        // the few distinct values are all Spark shuffles for it.
        functions.count(col(TEXT_SHA256)),
        count_distinct(col(TEXT_SHA256))).first();
    long[] v = new long[r.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.isNullAt(i) ? 0 : r.getLong(i);
    }
    if (v[6] > 0) {
      throw new UserInputException(v[6] + " input rows have a null id; --mode merge upserts by id, so every row needs one");
    }
    if (v[7] > 0) {
      Row example = inputRows.groupBy(quote(corpus.idCol())).count().filter(col("count").gt(1)).first();
      throw new UserInputException(v[7] + " input rows repeat an id (e.g. '" + example.get(0)
          + "'); --mode merge upserts by id, so ids must be unique");
    }
    return new Counts(v[0], v[1], v[2], v[3], v[4], v[5], v[8], v[9]);
  }

  /** The rows to embed (new, changed, model changed), with {@value #TEXT_SHA256}, without bookkeeping columns. */
  public Dataset<Row> pending() {
    return compared.filter(isPending()).drop(IN_INPUT, KIND, ID_RANK);
  }

  /** The ids in the table that the input lacks: what {@code --delete-missing} deletes. */
  public Dataset<Row> deletedIds() {
    return compared.filter(col(KIND).equalTo(DELETED)).select(quote(corpus.idCol()));
  }

  /** Frees the comparison's cached rows. */
  public void release() {
    compared.unpersist(false);
  }

  /**
   * @param pendingTexts pending rows with a text; {@code distinctTexts} of them are different
   */
  public record Counts(long rows, long newRows, long changed, long modelChanged, long unchanged, long deleted,
      long pendingTexts, long distinctTexts) {

    public long pending() {
      return newRows + changed + modelChanged;
    }

    /** Pending rows whose vector is copied from another row of this run with the same text. */
    public long duplicatesReused() {
      return pendingTexts - distinctTexts;
    }
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
