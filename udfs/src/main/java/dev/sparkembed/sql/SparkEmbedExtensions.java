package dev.sparkembed.sql;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.BoxedUnit;

/**
 * Adds spark-embed's SQL functions to a session: named in {@code spark.sql.extensions}, or found by
 * Spark through {@code META-INF/services} when the jar is on the classpath.
 */
public final class SparkEmbedExtensions implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    SparkEmbedFunctions.injectInto(extensions);
    return BoxedUnit.UNIT;
  }
}
