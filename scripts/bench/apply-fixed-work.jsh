// The apply job's fixed work, alone: in one session, the Spark jobs and seconds of loading the
// bench-classify model (PipelineModel.load; within it the logistic regression's own load and one
// metadata read) and of the model-label check ClassifyJob runs before its write
// (ClassifyJob.modelsOtherThan). Needs `scripts/bench-classify.sh scale` run first (its model and
// input). Run by
//   scripts/bench/jshell.sh scripts/bench/apply-fixed-work.jsh [-R-Drounds=8]
import org.apache.spark.sql.*;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.util.DefaultParamsReader;
SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled","false").getOrCreate();
spark.sparkContext().setLogLevel("WARN");
java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
  public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) { jobs.incrementAndGet(); }
});
String work = System.getProperty("work", "target/bench/classify/scale");
String model = work + "/trained/model";
String stage = new java.io.File(model + "/stages").listFiles()[0].getPath();
String in = work + "/apply-1000000x384";
String trainedOn = "synthetic@384";
double secs(long t) { return (System.nanoTime() - t) / 1e9; }
int rounds = Integer.getInteger("rounds", 8);
for (int r = 0; r <= rounds; r++) {
  jobs.set(0); long t = System.nanoTime();
  PipelineModel.load(model);
  double load = secs(t); int loadJobs = jobs.get();
  jobs.set(0); t = System.nanoTime();
  LogisticRegressionModel.load(stage + "/logistic");
  double logistic = secs(t); int logisticJobs = jobs.get();
  jobs.set(0); t = System.nanoTime();
  DefaultParamsReader.loadMetadata(stage, spark.sparkContext(), "");
  double metadata = secs(t); int metadataJobs = jobs.get();
  Dataset<Row> input = spark.read().parquet(in);
  jobs.set(0); t = System.nanoTime();
  int others = dev.sparkembed.jobs.ClassifyJob.modelsOtherThan(input, trainedOn).size();
  double check = secs(t); int checkJobs = jobs.get();
  System.out.printf("round %d: PipelineModel.load %.3f s (%d jobs), of which the logistic regression's %.3f s (%d jobs)"
      + " and a metadata read %.3f s (%d jobs); label check %.3f s (%d jobs, %d other labels) over %d splits%n", r, load,
      loadJobs, logistic, logisticJobs, metadata, metadataJobs, check, checkJobs, others, input.rdd().getNumPartitions());
}
/exit
