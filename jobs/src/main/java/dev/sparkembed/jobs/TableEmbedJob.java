package dev.sparkembed.jobs;

import dev.sparkembed.embed.ModelLabel;
import dev.sparkembed.jobs.lake.LakeFormat;
import dev.sparkembed.jobs.lake.LakeTable;
import dev.sparkembed.jobs.merge.Changes;
import dev.sparkembed.jobs.merge.DistinctTexts;
import dev.sparkembed.jobs.merge.PendingRows;
import dev.sparkembed.spark.EmbedColumns;
import dev.sparkembed.spark.EmbedMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embed job into a Delta or Iceberg table: read → compare with the table (cached) → split what
 * changed into chunks → per chunk, embed each distinct text once and commit one MERGE (the last
 * one also deletes missing ids) → summary.
 * A run with nothing to do commits nothing; a run killed part-way keeps its committed chunks, and
 * the next run embeds only the rest.
 */
public final class TableEmbedJob {

  private static final Logger LOG = LoggerFactory.getLogger(TableEmbedJob.class);

  static final String STAGING_DIR = "_pending";

  private TableEmbedJob() {}

  public static Map<String, Object> run(SparkSession spark, EmbedJobConfig config, InputFormat format) {
    long start = System.nanoTime();
    LakeFormat lake = config.outputFormatValue().lake().orElseThrow();
    LakeTable table = lake.table(spark, config.output());
    OptionalLong startVersion = table.currentVersion();
    if (config.writeMode() == WriteMode.ERROR && startVersion.isPresent()) {
      throw new UserInputException("table " + table.name() + " already exists; use --mode merge to update it or "
          + "--mode overwrite to replace it");
    }
    // Overwrite compares with no table: every row is new, and the first commit replaces the table.
    boolean replace = config.writeMode() == WriteMode.OVERWRITE;
    boolean exists = startVersion.isPresent() && !replace;
    ModelLabel label = EmbedJob.modelLabel(config);

    Corpus corpus = CorpusReader.read(spark, format, config.input(), config);
    Dataset<Row> snapshot = exists ? table.readVersion(startVersion.getAsLong()) : null;
    Changes changes = Changes.compare(corpus, snapshot, table.name(), label.toString(),
        config.prefix() == null ? "" : config.prefix());
    long openedAt = System.nanoTime();
    try {
      if (exists) {
        requireTheTableColumns(table, snapshot, corpus, config);
      }
      return commitChanges(spark, config, table, exists, replace, corpus, changes, label, start, openedAt);
    } finally {
      changes.release();
    }
  }

  /**
   * The table's columns must be the ones this run writes, of types it can store, before anything
   * is embedded: a MERGE silently left out a kept column the table lacked, and failed after
   * embedding (Delta: "cannot resolve") on a table column the run did not write, and on a kept
   * value it could not cast (a string where the table has a number). Compared as Spark resolves
   * names, ignoring case.
   */
  private static void requireTheTableColumns(LakeTable table, Dataset<Row> snapshot, Corpus corpus, EmbedJobConfig config) {
    StructType writtenSchema = EmbedColumns.appendTo(corpus.rows().schema());
    Set<String> written = new LinkedHashSet<>(Arrays.asList(writtenSchema.fieldNames()));
    if (!config.keepCols().contains(corpus.textCol())) {
      written.remove(corpus.textCol());
    }
    written.add(Changes.TEXT_SHA256);
    Set<String> inTable = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    inTable.addAll(Arrays.asList(snapshot.columns()));
    for (String column : written) {
      if (!inTable.contains(column)) {
        throw new UserInputException("table " + table.name() + " has no column '" + column + "', which this run writes"
            + " (--id-col, --keep-cols): a MERGE does not add columns; add it to the table first, or rebuild the table"
            + " with --mode overwrite");
      }
    }
    Set<String> writtenAnyCase = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    writtenAnyCase.addAll(written);
    for (StructField inTableField : snapshot.schema().fields()) {
      String column = inTableField.name();
      if (!writtenAnyCase.contains(column)) {
        throw new UserInputException("table " + table.name() + " has a column '" + column + "' that this run does not"
            + " write: name it in --keep-cols, as the runs that wrote the table did");
      }
      DataType tableType = inTableField.dataType();
      DataType fromInput = Arrays.stream(writtenSchema.fields()).filter(f -> f.name().equalsIgnoreCase(column))
          .findFirst().map(StructField::dataType).orElse(tableType); // text_sha256: the job's own
      if (column.equalsIgnoreCase(corpus.idCol()) ? !comparableIds(fromInput, tableType) : !storable(fromInput, tableType)) {
        throw new UserInputException("column '" + column + "' is " + fromInput.simpleString() + " in this run's input and "
            + tableType.simpleString() + " in table " + table.name() + ": "
            + (column.equalsIgnoreCase(corpus.idCol()) ? "ids are matched as one type" : "a MERGE cannot store one as the other")
            + "; cast it upstream, or rebuild the table with --mode overwrite");
      }
    }
  }

  /** Ids of the input and the table are compared as they are: one type, or two integer types. */
  private static boolean comparableIds(DataType fromInput, DataType inTable) {
    return fromInput.catalogString().equals(inTable.catalogString())
        || (fromInput instanceof IntegralType && inTable instanceof IntegralType);
  }

  /** What Spark's ANSI store assignment takes (numbers as other numbers, anything as a string); nested types must match. */
  private static boolean storable(DataType fromInput, DataType inTable) {
    return fromInput.catalogString().equals(inTable.catalogString())
        || (fromInput instanceof AtomicType && inTable instanceof AtomicType && Cast.canANSIStoreAssign(fromInput, inTable));
  }

  /**
   * An input with no rows to merge under --delete-missing would delete the whole table: what an
   * upstream export that failed and left an empty folder looks like, so refused before any commit.
   * Rejected rows are written first: the file that names them is what the user needs next.
   */
  private static void refuseToEmpty(SparkSession spark, EmbedJobConfig config, LakeTable table, Corpus corpus,
      long tableRows) {
    long rejected = EmbedJob.writeRejected(spark, corpus, OutputFormat.PARQUET, config.summaryFolder());
    String why = rejected == 0 ? "" : " (" + rejected + " rejected: see " + config.summaryFolder() + "/"
        + EmbedJob.REJECTED_DIR + ")";
    throw new UserInputException("input " + config.input() + " has no rows to merge" + why + ", and --delete-missing "
        + "would delete all " + tableRows + " rows of " + table.name() + ": refusing (--mode overwrite replaces a table "
        + "with what its input holds, even nothing)");
  }

  private static Map<String, Object> commitChanges(SparkSession spark, EmbedJobConfig config, LakeTable table,
      boolean exists, boolean replace, Corpus corpus, Changes changes, ModelLabel label, long start, long openedAt) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Changes.Counts counts = changes.counts();
    long comparedAt = System.nanoTime();
    long deleted = config.deleteMissing() ? counts.deleted() : 0;
    if (deleted > 0 && counts.rows() == 0) {
      refuseToEmpty(spark, config, table, corpus, deleted);
    }
    LOG.info("{}: {} new, {} changed, {} model changed, {} unchanged, {} missing from the input{}", table.name(),
        counts.newRows(), counts.changed(), counts.modelChanged(), counts.unchanged(), counts.deleted(),
        config.deleteMissing() ? " (deleted)" : " (kept)");

    Map<String, Object> runCounts = new LinkedHashMap<>();
    runCounts.put("new", counts.newRows());
    runCounts.put("changed", counts.changed());
    runCounts.put("model_changed", counts.modelChanged());
    runCounts.put("unchanged", counts.unchanged());
    runCounts.put("deleted", deleted);
    long toDelete = deleted;
    runCounts.put("duplicates_reused", counts.duplicatesReused());
    runCounts.put("embedded", counts.distinctTexts());

    int commits = 0;
    if (counts.pending() > 0 || !exists) {
      String staging = config.summaryFolder() + "/" + STAGING_DIR;
      PendingRows pending = PendingRows.split(spark, changes.pending(), counts.distinctTexts(), config.commitRows(), staging);
      EmbedMetrics metrics = EmbedMetrics.register(spark.sparkContext());
      int slots = spark.sparkContext().defaultParallelism();
      long perChunk = (counts.distinctTexts() + pending.chunks() - 1) / pending.chunks();
      ProgressReporter.ExpectedRows expected = new ProgressReporter.ExpectedRows(counts.distinctTexts(), false);
      try (ProgressReporter progress = config.progressSeconds() == 0 ? null : ProgressReporter.start(spark.sparkContext(),
          metrics.rows(), () -> expected, Duration.ofSeconds(config.progressSeconds()), LOG::info)) {
        for (int chunk = 0; chunk < pending.chunks(); chunk++) {
          Dataset<Row> rows = pending.materialize(DistinctTexts.embed(pending.chunk(chunk), corpus.textCol(), config, label,
              metrics, perChunk, counts.duplicatesReused() > 0, slots));
          String info = commitInfo(runCounts, chunk, pending.chunks());
          if (replace && chunk == 0) {
            table.replace(rows, info);
          } else if (!exists && chunk == 0) {
            table.create(rows, info);
          } else if (toDelete > 0 && chunk == pending.chunks() - 1) {
            table.upsert(rows, corpus.idCol(), changes.deletedIds(), info); // and the deletions: one commit
            toDelete = 0;
          } else {
            table.upsert(rows, corpus.idCol(), info);
          }
          commits++;
          LOG.info("{}: chunk {} of {} committed", table.name(), chunk + 1, pending.chunks());
        }
      }
      pending.delete(conf);
    }
    if (toDelete > 0) { // nothing was embedded: the deletions alone
      table.delete(changes.deletedIds(), corpus.idCol(), commitInfo(runCounts, -1, 0));
      commits++;
    }
    long committedAt = System.nanoTime();

    long rejected = EmbedJob.writeRejected(spark, corpus, OutputFormat.PARQUET, config.summaryFolder());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rows_read", counts.rows() + rejected);
    summary.putAll(runCounts);
    summary.put("rejected", rejected);
    summary.put("commits", commits);
    OptionalLong endVersion = table.currentVersion();
    summary.put("table_version", endVersion.isPresent() ? endVersion.getAsLong() : null);
    long end = System.nanoTime();
    summary.put("seconds", Math.round((end - start) / 1e6) / 1e3);
    // What a nightly run spends outside embedding is mostly fixed cost; the log says where.
    LOG.info("phases: open table and input {} s, compare {} s, embed and commit {} s ({} commits), rejects and summary {} s",
        seconds(start, openedAt), seconds(openedAt, comparedAt), seconds(comparedAt, committedAt), commits,
        seconds(committedAt, end));
    summary.put("model", label.toString());
    summary.put("mode", config.writeMode().name().toLowerCase(java.util.Locale.ROOT));
    summary.put("input", config.input());
    summary.put("output", config.output());
    OutputPaths.writeText(config.summaryFolder() + "/" + EmbedJob.SUMMARY_FILE, Json.line(summary) + "\n", conf);
    return summary;
  }

  private static double seconds(long from, long to) {
    return Math.round((to - from) / 1e6) / 1e3;
  }

  private static String commitInfo(Map<String, Object> counts, int chunk, int chunks) {
    Map<String, Object> info = new LinkedHashMap<>(counts);
    if (chunk >= 0) {
      info.put("chunk", chunk + 1);
      info.put("chunks", chunks);
    } else {
      info.put("operation", "delete_missing");
    }
    return Json.line(info);
  }
}
