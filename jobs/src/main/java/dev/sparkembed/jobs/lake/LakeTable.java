package dev.sparkembed.jobs.lake;

import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One lake table, as an incremental run uses it. Every write is one commit, and carries {@code
 * commitInfo} (a JSON line) in the table's own commit metadata, so a scheduler that reads the
 * table's history sees the run's counts.
 */
public interface LakeTable {

  /** The table's path or catalog name, for messages. */
  String name();

  /** The latest committed version (Delta) or snapshot id (Iceberg); empty when there is no table. */
  OptionalLong currentVersion();

  /** The table as of {@code version}: later commits, even this run's, do not show. */
  Dataset<Row> readVersion(long version);

  /** The latest version. */
  Dataset<Row> read();

  /** Creates the table with these rows: the first commit. Fails when it already exists. */
  void create(Dataset<Row> rows, String commitInfo);

  /** Replaces the table's rows (and schema) with these, in one commit; creates it when there is none. */
  void replace(Dataset<Row> rows, String commitInfo);

  /** One MERGE: rows whose id is in the table replace theirs (every column), the others are inserted. */
  default void upsert(Dataset<Row> rows, String idCol, String commitInfo) {
    upsert(rows, idCol, null, commitInfo);
  }

  /**
   * One MERGE as {@link #upsert(Dataset, String, String)}; with {@code deleteIds}, the same commit
   * also deletes the table's rows with those ids, so a night with deletions costs one commit, not
   * two. The ids are named, not inferred from what the source lacks: the MERGE's source stays the
   * night's few changed rows instead of every id in the input.
   */
  void upsert(Dataset<Row> rows, String idCol, Dataset<Row> deleteIds, String commitInfo);

  /** The column that tells upserted rows from deleted ids in a MERGE's source. */
  String ACTION = "_spark_embed_action";

  /** One MERGE: deletes the table's rows with these ids. */
  void delete(Dataset<Row> ids, String idCol, String commitInfo);
}
