import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client (the JVM client jar, no spark-embed classes) using spark-embed's SQL
 * functions on a Connect server; run by SparkConnectIT. Prints "check:" lines for the test.
 */
public class ConnectClientCheck {
  public static void main(String[] args) {
    // Spark classic is on this classpath too (the client needs its shared jars): ask for Connect.
    SparkSession spark = SparkSession.builder().config("spark.api.mode", "connect").remote(args[0]).getOrCreate();
    System.out.println("check: client " + spark.getClass().getName());
    spark.sql("SELECT * FROM VALUES (1, 'How do I reset my password?'), (2, 'Trains to Berlin are late today'), "
        + "(3, 'I forgot the password for my account'), (4, 'Bake the bread for forty minutes') AS t(id, text)")
        .createOrReplaceTempView("docs");
    spark.sql("CACHE TABLE docs_e AS SELECT * FROM embed_table('docs', 'text')");
    Row counts = spark.sql("SELECT count(*), min(status), max(status), max(size(embedding)) FROM docs_e").first();
    System.out.println("check: embedded " + counts.getLong(0) + " " + counts.getString(1) + " " + counts.getString(2)
        + " dim " + counts.getInt(3));
    List<?> vector = spark.sql("SELECT embedding FROM docs_e WHERE id = 1").first().getList(0);
    System.out.println("check: vector 1 " + vector.stream().map(String::valueOf).collect(Collectors.joining(",")));
    List<Row> hits = spark.sql("SELECT id, score, rank FROM semantic_search('docs_e', 'password reset', 2)").collectAsList();
    System.out.println("check: search " + hits.stream().map(r -> r.getInt(0) + "@" + r.getInt(2)).collect(Collectors.joining(" ")));
    float viaScalar = spark.sql("SELECT cosine_similarity(embedding, embed('password reset')) FROM docs_e WHERE id = "
        + hits.get(0).getInt(0)).first().getFloat(0);
    System.out.println("check: scores agree " + (Math.abs(viaScalar - hits.get(0).getFloat(1)) < 1e-5));
    List<Row> pairs = spark.sql("SELECT left_id, right_id FROM similarity_join('docs_e', 'docs_e', 1) ORDER BY left_id")
        .collectAsList();
    System.out.println("check: pairs " + pairs.stream().map(r -> r.getString(0) + "-" + r.getString(1)).collect(Collectors.joining(" ")));
    try {
      spark.sql("SELECT * FROM semantic_search('docs_e', 'bread', 0)").collectAsList();
      System.out.println("check: no error");
    } catch (Exception e) {
      System.out.println("check: error " + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    spark.stop();
  }
}
