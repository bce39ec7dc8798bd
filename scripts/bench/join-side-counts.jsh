// The first pass of JoinSide.of over an embed output, before and after it counted repeated ids:
// rows per model label (groupBy(model).count(), the old pass) against rows, distinct ids and the
// labels in one aggregation (the new pass), alternated in one JVM, seconds per round.
// scripts/bench/jshell.sh scripts/bench/join-side-counts.jsh -R-Xmx4g -R-Dinput=EMB_DIR [-R-Drounds=5]
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
var spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
var emb = spark.read().parquet(System.getProperty("input"));
int rounds = Integer.getInteger("rounds", 5);
boolean labelled = java.util.Arrays.asList(emb.columns()).contains("model");
Runnable old = () -> {
  if (labelled) emb.groupBy(col("model").cast("string")).count().collectAsList(); else emb.select("id", "embedding").count();
};
Runnable now = () -> emb.agg(count(lit(1)), countDistinct(col("id").cast("string")),
    labelled ? collect_set(col("model").cast("string")) : lit(null)).first();
old.run(); now.run(); // unmeasured
for (int r = 1; r <= rounds; r++) {
  long t0 = System.nanoTime(); old.run();
  long t1 = System.nanoTime(); now.run();
  long t2 = System.nanoTime();
  System.out.printf("round %d: old pass %.2f s, with distinct ids %.2f s, ratio %.2f%n", r, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
      (double) (t2 - t1) / (t1 - t0));
}
System.out.println(emb.agg(count(lit(1)), countDistinct(col("id"))).first());
spark.stop();
/exit
