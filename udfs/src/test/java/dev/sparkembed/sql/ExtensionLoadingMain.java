package dev.sparkembed.sql;

import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link ExtensionLoadingTest} in a JVM whose classpath lacks the service file, so that
 * only the way under test can add the functions. First a plain session: absent, then present after
 * {@code SparkEmbedFunctions.register}. Then, after that session stops, a new one built with
 * {@code spark.sql.extensions}: present from the start. Prints what it finds.
 */
public final class ExtensionLoadingMain {

  public static void main(String[] args) {
    SparkSession plain = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      System.out.println("plain: " + probe(plain));
      SparkEmbedFunctions.register(plain);
      System.out.println("registered: " + probe(plain));
    } finally {
      plain.stop();
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession configured = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", SparkEmbedExtensions.class.getName()).getOrCreate();
    try {
      System.out.println("configured: " + probe(configured));
    } finally {
      configured.stop();
    }
  }

  private static String probe(SparkSession spark) {
    try {
      spark.sql("SELECT 1 AS id, 'Trains run late' AS text").createOrReplaceTempView("one");
      float cosine = spark.sql("SELECT cosine_similarity(array(3.0F, 4.0F), array(4.0F, 3.0F))").first().getFloat(0);
      String status = spark.sql("SELECT status FROM embed_table('one', 'text')").first().getString(0);
      return "cosine=" + cosine + " status=" + status;
    } catch (Exception e) {
      return "missing (" + e.getClass().getSimpleName() + ")";
    }
  }
}
