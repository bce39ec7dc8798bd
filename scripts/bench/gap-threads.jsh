// --k auto's sweeps (the sample's and the gap statistic's 5 references, k = 2..60) on one thread
// against the same sweeps on 2 threads, side by side in one JVM (BENCHMARKS.md, "Choosing k": the
// sweeps on the driver's threads): per round, each way's seconds, their ratio, and whether the
// chosen k, the curve and every fit's assignment are identical. Rounds alternate which way goes
// first. Embeddings as `scripts/bench-cluster.sh auto-k` makes them. Run by
//   scripts/bench/jshell.sh scripts/bench/gap-threads.jsh -R-Xmx4g -R-Drounds=3 \
//     -R-Dinputs=target/bench/classify/emb-sample-all-minilm-l6-v2,target/bench/classify/emb-brown_paragraphs-all-minilm-l6-v2
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
import dev.sparkembed.cluster.*;
import dev.sparkembed.similarity.VectorBlock;
import java.util.*;
SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled","false").getOrCreate();
spark.sparkContext().setLogLevel("WARN");
int rounds = Integer.getInteger("rounds", 3);
boolean same(GapStatistic.Sweep a, GapStatistic.Sweep b) {
  if (!a.curve().equals(b.curve()) || a.fits().size() != b.fits().size()) return false;
  for (int i = 0; i < a.fits().size(); i++) if (!Arrays.equals(a.fits().get(i).assignment(), b.fits().get(i).assignment())) return false;
  return true;
}
for (String path : System.getProperty("inputs").split(",")) {
  List<Row> rows = spark.read().parquet(path).filter(col("embedding").isNotNull()).select("id", "embedding", "label").collectAsList();
  VectorBlock block = dev.sparkembed.bench.AutoKStudy.unitBlock(rows, new String[rows.size()]);
  GapStatistic.Sweep reference = null;
  for (int round = 1; round <= rounds; round++) {
    double[] seconds = new double[3];
    int[] order = round % 2 == 1 ? new int[] {1, 2} : new int[] {2, 1};
    boolean identical = true;
    int k = 0;
    for (int threads : order) {
      long start = System.nanoTime();
      GapStatistic.Sweep sweep = GapStatistic.sweep(block, 2, 60, GapStatistic.REFERENCES, 1, threads);
      seconds[threads] = (System.nanoTime() - start) / 1e9;
      if (reference == null) reference = sweep;
      identical &= same(reference, sweep);
      k = GapStatistic.choose(sweep.curve()).k();
    }
    System.out.printf(Locale.ROOT, "gap-threads: %s rows=%d round=%d first=%d-thread 1 thread %.1f s, 2 threads %.1f s, ratio %.3f, k=%d, identical=%b%n",
        path.replaceAll(".*/emb-", ""), block.size(), round, order[0], seconds[1], seconds[2], seconds[2] / seconds[1], k, identical);
  }
}
/exit
