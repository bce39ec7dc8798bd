// The apply job's counting, alone: in one session, alternated by round, bench-classify's 1M
// predictions written with no counts, with a sum(when(...)) per status and per label (the apply's
// counting before PredictionCounts counted by lookup), and with PredictionCounts. Needs
// `scripts/bench-classify.sh scale` run first (its model and input). Run by
//   scripts/bench/jshell.sh scripts/bench/prediction-counting.jsh [-R-Drounds=11] [-R-Dreverse=true]
// (reverse: each round writes lookup, sums, none instead of none, sums, lookup).
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
import org.apache.spark.ml.PipelineModel;
import dev.sparkembed.classify.EmbeddingClassifierModel;
SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled","false").getOrCreate();
spark.sparkContext().setLogLevel("WARN");
String work = System.getProperty("work", "target/bench/classify/scale");
String out = work + "/counting-out";
PipelineModel p = PipelineModel.load(work + "/trained/model");
EmbeddingClassifierModel m = (EmbeddingClassifierModel) p.stages()[p.stages().length - 1];
m.setFeaturesCol("embedding").setModelCol("model").setStatusCol("status");
String[] labels = m.getLabels();
Dataset<Row> predicted() {
  return p.transform(spark.read().parquet(work + "/apply-1000000x384")).select("id", "predicted_label", "confidence", "probabilities", "status");
}
double none() {
  long t = System.nanoTime();
  predicted().write().mode("overwrite").parquet(out);
  return (System.nanoTime() - t) / 1e9;
}
double sums() {
  long t = System.nanoTime();
  java.util.List<Column> metrics = new java.util.ArrayList<>();
  String[] statuses = {"ok", "null_embedding", "model_mismatch", "dimension_mismatch"};
  for (int i = 0; i < statuses.length; i++) metrics.add(sum(when(col("status").equalTo(statuses[i]), 1L).otherwise(0L)).as("s" + i));
  for (int i = 0; i < labels.length; i++) metrics.add(sum(when(col("predicted_label").equalTo(labels[i]), 1L).otherwise(0L)).as("l" + i));
  Observation o = new Observation();
  predicted().observe(o, count(lit(1)).as("rows"), metrics.toArray(new Column[0])).write().mode("overwrite").parquet(out);
  try { o.getAsJava(); } catch (InterruptedException e) { throw new RuntimeException(e); }
  return (System.nanoTime() - t) / 1e9;
}
double lookup() {
  long t = System.nanoTime();
  dev.sparkembed.jobs.classify.PredictionCounts c = new dev.sparkembed.jobs.classify.PredictionCounts(labels);
  c.observe(predicted(), "predicted_label").write().mode("overwrite").parquet(out);
  c.byStatus(); c.byLabel();
  return (System.nanoTime() - t) / 1e9;
}
int rounds = Integer.getInteger("rounds", 9);
double[][] times = new double[3][rounds];
for (int r = 0; r <= rounds; r++) {
  double a, b, c;
  if (Boolean.getBoolean("reverse")) { c = lookup(); b = sums(); a = none(); } else { a = none(); b = sums(); c = lookup(); }
  System.out.printf("round %d: no counts %.2f s, sum per label %.2f s, lookup %.2f s%n", r, a, b, c);
  if (r > 0) { times[0][r - 1] = a; times[1][r - 1] = b; times[2][r - 1] = c; }
}
double median(double[] v) { double[] s = v.clone(); java.util.Arrays.sort(s); return s[s.length / 2]; }
double[] sumsOver = new double[rounds], lookupOver = new double[rounds];
for (int r = 0; r < rounds; r++) { sumsOver[r] = times[1][r] / times[0][r]; lookupOver[r] = times[2][r] / times[0][r]; }
System.out.printf("medians: no counts %.2f s, sum per label %.2f s, lookup %.2f s; over no counts, by round: sum per label %.3f, lookup %.3f%n",
    median(times[0]), median(times[1]), median(times[2]), median(sumsOver), median(lookupOver));
/exit
