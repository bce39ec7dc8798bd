package dev.sparkembed.jobs.lake;

import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;

/**
 * An Iceberg table named through a Spark catalog ({@code catalog.db.table}). Versions are snapshot
 * ids; the run's counts go in each snapshot's summary under {@value #COMMIT_PROPERTY}. MERGE is
 * Spark's own row-level MERGE INTO, which Iceberg's catalog supports without its SQL extensions.
 */
final class IcebergLakeTable implements LakeTable {

  static final String COMMIT_PROPERTY = "spark-embed";
  /** A table that exists but has no snapshot yet (created empty by someone else). */
  static final long NO_SNAPSHOT = -1;

  private final SparkSession spark;
  private final String name;

  IcebergLakeTable(SparkSession spark, String name) {
    this.spark = spark;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OptionalLong currentVersion() {
    if (!spark.catalog().tableExists(name)) {
      return OptionalLong.empty();
    }
    Table table = load();
    table.refresh();
    Snapshot current = table.currentSnapshot();
    return OptionalLong.of(current == null ? NO_SNAPSHOT : current.snapshotId());
  }

  @Override
  public Dataset<Row> readVersion(long version) {
    return version == NO_SNAPSHOT ? read() : spark.sql("SELECT * FROM " + name + " VERSION AS OF " + version);
  }

  @Override
  public Dataset<Row> read() {
    return spark.table(name);
  }

  @Override
  public void create(Dataset<Row> rows, String commitInfo) {
    commit(commitInfo, () -> {
      try {
        writer(rows).create();
      } catch (TableAlreadyExistsException e) {
        throw new IllegalStateException("Iceberg table " + name + " already exists", e);
      }
    });
  }

  @Override
  public void replace(Dataset<Row> rows, String commitInfo) {
    commit(commitInfo, () -> writer(rows).createOrReplace());
  }

  /**
   * A new table's writer. Merge-on-read: a nightly MERGE that touches 1% of the rows writes delete
   * files instead of rewriting every data file that holds one.
   */
  private CreateTableWriter<Row> writer(Dataset<Row> rows) {
    return rows.writeTo(name).tableProperty("write.merge.mode", "merge-on-read")
        .tableProperty("write.delete.mode", "merge-on-read");
  }

  @Override
  public void upsert(Dataset<Row> rows, String idCol, Dataset<Row> deleteIds, String commitInfo) {
    if (deleteIds == null) {
      merge(rows, idCol, "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", commitInfo);
      return;
    }
    Dataset<Row> source = rows.withColumn(ACTION, lit("upsert")).unionByName(deleteIds.withColumn(ACTION, lit("delete")), true);
    List<String> columns = Arrays.stream(rows.columns()).map(c -> "`" + c.replace("`", "``") + "`").toList();
    String upsert = "s." + ACTION + " = 'upsert'";
    merge(source, idCol, "WHEN MATCHED AND " + upsert + " THEN UPDATE SET "
        + columns.stream().map(c -> "t." + c + " = s." + c).collect(Collectors.joining(", "))
        + " WHEN MATCHED THEN DELETE"
        + " WHEN NOT MATCHED AND " + upsert + " THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
        + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")", commitInfo);
  }

  @Override
  public void delete(Dataset<Row> ids, String idCol, String commitInfo) {
    merge(ids, idCol, "WHEN MATCHED THEN DELETE", commitInfo);
  }

  private void merge(Dataset<Row> source, String idCol, String clauses, String commitInfo) {
    String view = "spark_embed_source_" + UUID.randomUUID().toString().replace("-", "");
    String id = "`" + idCol.replace("`", "``") + "`";
    source.createOrReplaceTempView(view);
    try {
      commit(commitInfo, () -> spark.sql("MERGE INTO " + name + " t USING " + view + " s ON t." + id + " = s." + id + " "
          + clauses));
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private Table load() {
    try {
      return Spark3Util.loadIcebergTable(spark, name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load Iceberg table " + name + ": " + e.getMessage(), e);
    }
  }

  private static void commit(String commitInfo, Runnable write) {
    CommitMetadata.withCommitProperties(Map.of(COMMIT_PROPERTY, commitInfo), () -> {
      write.run();
      return null;
    }, RuntimeException.class);
  }
}
