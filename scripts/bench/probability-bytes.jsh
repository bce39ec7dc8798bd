// Why the predictions write more bytes than bench-classify's shaped rows: 20 doubles a row written
// alone, as the shaped rows make them (widened floats), with full mantissas (the floats times an
// irrational-looking constant, or their exp), the floats divided by 3 (a periodic mantissa), and the
// predictions' own probabilities. Needs `scripts/bench-classify.sh scale` run first. Run by
//   scripts/bench/jshell.sh scripts/bench/probability-bytes.jsh
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled","false").getOrCreate();
spark.sparkContext().setLogLevel("WARN");
String work = System.getProperty("work", "target/bench/classify/scale");
Dataset<Row> in = spark.read().parquet(work + "/apply-1000000x384");
Column s = slice(col("embedding"), 1, 20);
long bytes(String dir) throws Exception {
  try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
    return files.filter(f -> f.toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
  }
}
String[] names = {"widened floats", "floats / 3", "floats * 0.7071067811865476", "exp(floats)"};
Column[] values = {s.cast("array<double>"), transform(s, x -> x.cast("double").divide(3)),
    transform(s, x -> x.cast("double").multiply(0.7071067811865476)), transform(s, x -> exp(x))};
for (int i = 0; i < names.length; i++) {
  String out = work + "/bytes-" + i;
  in.select(values[i].as("v")).write().mode("overwrite").parquet(out);
  System.out.printf("%s: %,d bytes%n", names[i], bytes(out));
}
spark.read().parquet(work + "/predictions").select(map_values(col("probabilities")).as("v")).write().mode("overwrite").parquet(work + "/bytes-p");
System.out.printf("predictions' probabilities: %,d bytes%n", bytes(work + "/bytes-p"));
/exit
