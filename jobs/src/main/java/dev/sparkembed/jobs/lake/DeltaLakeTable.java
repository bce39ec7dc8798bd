package dev.sparkembed.jobs.lake;

import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/** A path-based Delta table. The run's counts go in each commit's {@code userMetadata}. */
final class DeltaLakeTable implements LakeTable {

  /** Delta records this session setting, when set, as the commit's userMetadata. */
  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  static final String DELETION_VECTORS_DEFAULT = "spark.databricks.delta.properties.defaults.enableDeletionVectors";

  private final SparkSession spark;
  private final String path;

  DeltaLakeTable(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  @Override
  public String name() {
    return path;
  }

  @Override
  public OptionalLong currentVersion() {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return OptionalLong.empty();
    }
    // The log's latest snapshot, not history(1), which reads commits with a Spark job (a second
    // or more on a cold JVM). DeltaLog is Delta's internal API; this call is the same in 3.3-4.1.
    return OptionalLong.of(DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version());
  }

  @Override
  public Dataset<Row> readVersion(long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  @Override
  public Dataset<Row> read() {
    return spark.read().format("delta").load(path);
  }

  @Override
  public void create(Dataset<Row> rows, String commitInfo) {
    withCommitInfo(commitInfo, () -> {
      // Deletion vectors: a nightly MERGE that touches 1% of the rows marks them instead of
      // rewriting every file that holds one. A default the user set wins.
      boolean unset = !spark.conf().contains(DELETION_VECTORS_DEFAULT);
      if (unset) {
        spark.conf().set(DELETION_VECTORS_DEFAULT, "true");
      }
      try {
        rows.write().format("delta").mode(SaveMode.ErrorIfExists).save(path);
      } finally {
        if (unset) {
          spark.conf().unset(DELETION_VECTORS_DEFAULT);
        }
      }
    });
  }

  @Override
  public void replace(Dataset<Row> rows, String commitInfo) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      create(rows, commitInfo);
      return;
    }
    withCommitInfo(commitInfo, () -> {
      rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
    });
  }

  @Override
  public void upsert(Dataset<Row> rows, String idCol, Dataset<Row> deleteIds, String commitInfo) {
    withCommitInfo(commitInfo, () -> {
      if (deleteIds == null) {
        DeltaTable.forPath(spark, path).as("t").merge(rows.as("s"), on(idCol))
            .whenMatched().updateAll()
            .whenNotMatched().insertAll()
            .execute();
      } else {
        Dataset<Row> source = rows.withColumn(ACTION, lit("upsert"))
            .unionByName(deleteIds.withColumn(ACTION, lit("delete")), true);
        String upsert = "s." + ACTION + " = 'upsert'";
        DeltaTable.forPath(spark, path).as("t").merge(source.as("s"), on(idCol))
            .whenMatched(upsert).updateExpr(assignments(rows))
            .whenMatched().delete()
            .whenNotMatched(upsert).insertExpr(assignments(rows))
            .execute();
      }
    });
  }

  private static java.util.Map<String, String> assignments(Dataset<Row> rows) {
    java.util.Map<String, String> set = new java.util.LinkedHashMap<>();
    for (String column : rows.columns()) {
      String quoted = "`" + column.replace("`", "``") + "`";
      set.put(quoted, "s." + quoted);
    }
    return set;
  }

  @Override
  public void delete(Dataset<Row> ids, String idCol, String commitInfo) {
    withCommitInfo(commitInfo, () -> {
      DeltaTable.forPath(spark, path).as("t").merge(ids.as("s"), on(idCol))
          .whenMatched().delete()
          .execute();
    });
  }

  private static String on(String idCol) {
    String quoted = "`" + idCol.replace("`", "``") + "`";
    return "t." + quoted + " = s." + quoted;
  }

  private void withCommitInfo(String commitInfo, Runnable write) {
    spark.conf().set(USER_METADATA, commitInfo);
    try {
      write.run();
    } finally {
      spark.conf().unset(USER_METADATA);
    }
  }
}
