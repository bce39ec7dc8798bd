package dev.sparkembed.jobs.lake;

import dev.sparkembed.jobs.UserInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A lake format: the class that proves its library is on the classpath, the package to add when
 * it is not, and the session settings it needs.
 */
public enum LakeFormat {
  DELTA("delta", "io.delta.tables.DeltaTable", "io.delta:delta-spark_2.13:" + Versions.DELTA),
  ICEBERG("iceberg", "org.apache.iceberg.spark.SparkCatalog",
      "org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:" + Versions.ICEBERG);

  static final String EXTENSIONS = "spark.sql.extensions";
  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String SESSION_CATALOG = "spark.sql.catalog.spark_catalog";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private final String id;
  private final String probeClass;
  private final String mavenPackage;

  LakeFormat(String id, String probeClass, String mavenPackage) {
    this.id = id;
    this.probeClass = probeClass;
    this.mavenPackage = mavenPackage;
  }

  public String id() {
    return id;
  }

  /** Throws a one-line error naming the package to add when this format's library is missing. */
  public void requireLibrary() {
    try {
      Class.forName(probeClass, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserInputException(id + " tables need " + mavenPackage + " on the classpath (spark-submit --packages "
          + mavenPackage + ", or its jars with --jars)");
    }
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
    }
    return merged;
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
    static final String DELTA = "4.1.0";
    static final String ICEBERG = "1.11.0";

    private Versions() {}
  }
}
