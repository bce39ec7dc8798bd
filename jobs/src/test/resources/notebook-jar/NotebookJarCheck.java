import dev.sparkembed.model.ModelException;
import dev.sparkembed.similarity.JoinSide;
import dev.sparkembed.similarity.JoinSpec;
import dev.sparkembed.similarity.JoinMethods;
import dev.sparkembed.similarity.JoinOptions;
import dev.sparkembed.spark.SentenceEmbedder;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a notebook does with the one documented jar: run in a fresh JVM whose classpath is Spark's
 * jars and spark-embed-jobs-*-all.jar only (NotebookJarIT). Prints one "check:" line per result.
 */
public class NotebookJarCheck {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("notebook-jar")
        .config("spark.ui.enabled", "false").getOrCreate();
    Dataset<Row> docs = spark.createDataFrame(List.of(
        RowFactory.create("reset", "To reset your password, use the link on the sign-in page."),
        RowFactory.create("refund", "Refunds go to the original payment method within 5 days."),
        RowFactory.create("q", "I forgot my password")),
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType));
    Dataset<Row> embedded = new SentenceEmbedder().transform(docs).cache();
    System.out.println("check: embedded " + embedded.filter("status = 'ok'").count());
    JoinSide side = JoinSide.of(embedded, "id", "embedding");
    Row best = JoinMethods.byName("exact", JoinOptions.DEFAULTS).join(spark, side, side, new JoinSpec(1, null, true, 64)).pairs()
        .filter("left_id = 'q'").first();
    System.out.println("check: nearest to q is " + best.getString(1));
    side.release();
    try {
      new SentenceEmbedder().setModel("bge-small-en-v1.5").transform(docs);
      System.out.println("check: bge loaded without its carrier jar");
    } catch (ModelException e) {
      System.out.println("check: " + e.getMessage());
    }
    spark.stop();
  }
}
