// Two join outputs (left_id, right_id, score, rank) compared row for row: rows only in either, and over
// the (left, right) pairs both hold, the largest score difference, scores not bitwise equal, ranks moved.
// scripts/bench/jshell.sh scripts/bench/compare-pairs.jsh -R-Da=PAIRS_DIR -R-Db=OTHER_PAIRS_DIR
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
var spark = SparkSession.builder().master("local[*]").config("spark.ui.enabled", "false").getOrCreate();
var a = spark.read().parquet(System.getProperty("a")).select("left_id", "right_id", "score", "rank");
var b = spark.read().parquet(System.getProperty("b")).select("left_id", "right_id", "score", "rank");
System.out.println("rows " + a.count() + " and " + b.count() + "; only in the first " + a.except(b).count()
    + ", only in the second " + b.except(a).count());
var both = a.as("a").join(b.as("b"), col("a.left_id").equalTo(col("b.left_id")).and(col("a.right_id").equalTo(col("b.right_id"))));
both.agg(count(lit(1)).as("pairs in both"), max(abs(col("a.score").minus(col("b.score")))).as("largest score difference"),
        sum(when(col("a.score").notEqual(col("b.score")), 1).otherwise(0)).as("scores not bitwise equal"),
        sum(when(col("a.rank").notEqual(col("b.rank")), 1).otherwise(0)).as("ranks moved")).show(false);
spark.stop();
/exit
