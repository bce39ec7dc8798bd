package dev.sparkembed.sql;

import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link ExtensionLoadingTest} in a JVM whose classpath lacks the service file, so that
 * only the way under test can add the functions: {@code config} (spark.sql.extensions) or {@code
 * register} (SparkEmbedFunctions.register on a running session). Prints what it finds.
 */
public final class ExtensionLoadingMain {

  public static void main(String[] args) {
    SparkSession.Builder builder = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false");
    if (args[0].equals("config")) {
      builder.config("spark.sql.extensions", SparkEmbedExtensions.class.getName());
    }
    SparkSession spark = builder.getOrCreate();
    try {
      System.out.println("before: " + probe(spark));
      if (args[0].equals("register")) {
        SparkEmbedFunctions.register(spark);
      }
      System.out.println("after: " + probe(spark));
    } finally {
      spark.stop();
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
