// Two classify apply outputs compared row for row: rows only in either, every column included, the
// probabilities map as JSON (Spark cannot compare maps; JSON prints each double to its last bit).
// scripts/bench/jshell.sh scripts/bench/compare-predictions.jsh -R-Da=PREDICTIONS_DIR -R-Db=OTHER_PREDICTIONS_DIR
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
var spark = SparkSession.builder().master("local[*]").config("spark.ui.enabled", "false").getOrCreate();
var a = spark.read().parquet(System.getProperty("a")).withColumn("probabilities", to_json(col("probabilities")));
var b = spark.read().parquet(System.getProperty("b")).withColumn("probabilities", to_json(col("probabilities")));
System.out.println("rows " + a.count() + " and " + b.count() + "; only in the first " + a.except(b).count()
    + ", only in the second " + b.except(a).count());
/exit
