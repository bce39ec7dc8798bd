package dev.sparkembed.jobs.lake;

import dev.sparkembed.jobs.UserInputException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A lake format: the class that proves its library is on the classpath, the package to add when
 * it is not, and the session settings it needs.
 */
public enum LakeFormat {
  DELTA("delta", "io.delta.tables.DeltaTable", Map.of(
      "3.5", "io.delta:delta-spark_%s:" + Versions.DELTA_3_5,
      "4.0", "io.delta:delta-spark_%s:" + Versions.DELTA_4_0,
      "4.1", "io.delta:delta-spark_%s:" + Versions.DELTA_4_1),
      "the newest Delta Lake, 4.2.0, targets Spark 4.1"),
  ICEBERG("iceberg", "org.apache.iceberg.spark.SparkCatalog", Map.of(
      "3.5", "org.apache.iceberg:iceberg-spark-runtime-3.5_%s:" + Versions.ICEBERG_3_5,
      "4.0", "org.apache.iceberg:iceberg-spark-runtime-4.0_%s:" + Versions.ICEBERG_4_0,
      "4.1", "org.apache.iceberg:iceberg-spark-runtime-4.1_%s:" + Versions.ICEBERG_4_1),
      "Iceberg publishes Spark runtimes up to 4.1");

  static final String EXTENSIONS = "spark.sql.extensions";
  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String SESSION_CATALOG = "spark.sql.catalog.spark_catalog";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
  static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  private final String id;
  private final String probeClass;
  /** The package built for each Spark line (major.minor) that has one; %s is the Scala version. */
  private final Map<String, String> packageBySparkLine;
  private final String whyNoOtherLines;

  LakeFormat(String id, String probeClass, Map<String, String> packageBySparkLine, String whyNoOtherLines) {
    this.id = id;
    this.probeClass = probeClass;
    this.packageBySparkLine = packageBySparkLine;
    this.whyNoOtherLines = whyNoOtherLines;
  }

  public String id() {
    return id;
  }

  /**
   * Throws a one-line error when this format has no build for the Spark that runs (before any of
   * its classes load: a build for another line fails with linkage errors deep in a query), or
   * when its library is missing, naming the package for this Spark.
   */
  public void requireLibrary() {
    requireLibrary(org.apache.spark.package$.MODULE$.SPARK_VERSION(), sparkLine(scala.util.Properties.versionNumberString()));
  }

  void requireLibrary(String sparkVersion, String scalaVersion) {
    String line = sparkLine(sparkVersion);
    String packageFormat = packageBySparkLine.get(line);
    if (packageFormat == null) {
      List<String> lines = List.copyOf(new TreeSet<>(packageBySparkLine.keySet()));
      throw new UserInputException(id + " tables have no build for Spark " + line + " (this Spark is " + sparkVersion
          + "; " + whyNoOtherLines + "): write Parquet, or run on Spark "
          + String.join(", ", lines.subList(0, lines.size() - 1)) + " or " + lines.get(lines.size() - 1));
    }
    String mavenPackage = packageFormat.formatted(scalaVersion);
    try {
      Class.forName(probeClass, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserInputException(id + " tables need " + mavenPackage + " on the classpath (spark-submit --packages "
          + mavenPackage + ", or its jars with --jars)");
    }
  }

  /** "4.1" of "4.1.0" or "4.1.2-SNAPSHOT"; also Scala's "2.12" of "2.12.18". */
  static String sparkLine(String sparkVersion) {
    String[] parts = sparkVersion.split("[.-]");
    return parts.length >= 2 ? parts[0] + "." + parts[1] : sparkVersion;
  }

  /**
   * Session settings this format needs, merged into {@code conf} where the user set none: Delta's
   * SQL extension and catalog (its MERGE needs both; they are read when the session starts).
   */
  public Map<String, String> withSessionSettings(Map<String, String> conf) {
    Map<String, String> merged = new LinkedHashMap<>(conf);
    if (this == DELTA) {
      String extensions = merged.get(EXTENSIONS);
      if (extensions == null || extensions.isBlank()) {
        merged.put(EXTENSIONS, DELTA_EXTENSION);
      } else if (!extensions.contains(DELTA_EXTENSION)) {
        merged.put(EXTENSIONS, extensions + "," + DELTA_EXTENSION);
      }
      merged.putIfAbsent(SESSION_CATALOG, DELTA_CATALOG);
      // Delta rebuilds a table's state from its log in 50 tasks by default, sized for logs of
      // millions of files; an embeddings table's log is small, and 50 tasks on a few cores cost
      // seconds on every read.
      merged.putIfAbsent(SNAPSHOT_PARTITIONS, "8");
    }
    return merged;
  }

  /** Whether {@code location} is a Delta table: a folder with a {@code _delta_log}. */
  public static boolean isDeltaTable(String location, Configuration conf) {
    try {
      Path log = new Path(location, "_delta_log");
      return log.getFileSystem(conf).exists(log);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The session settings for a job that reads these inputs: Delta's when one is a Delta table
   * (even reading one needs them in Delta 4), after checking that its library is there.
   */
  public static Map<String, String> sessionSettingsFor(Map<String, String> conf, Configuration hadoopConf,
      String... inputs) {
    for (String input : inputs) {
      if (input != null && isDeltaTable(input, hadoopConf)) {
        DELTA.requireLibrary();
        return DELTA.withSessionSettings(conf);
      }
    }
    return conf;
  }

  /** Opens a table of this format: a path for Delta, a catalog name for Iceberg. */
  public LakeTable table(SparkSession spark, String location) {
    requireLibrary();
    return switch (this) {
      case DELTA -> new DeltaLakeTable(spark, location);
      case ICEBERG -> new IcebergLakeTable(spark, location);
    };
  }

  /** The versions this build compiles against; a cluster may bring others of the same line. */
  static final class Versions {
    static final String DELTA_3_5 = "3.3.2";
    static final String ICEBERG_3_5 = "1.10.0";
    static final String DELTA_4_0 = "4.0.0";
    static final String DELTA_4_1 = "4.1.0";
    static final String ICEBERG_4_0 = "1.10.0";
    static final String ICEBERG_4_1 = "1.11.0";

    private Versions() {}
  }
}
