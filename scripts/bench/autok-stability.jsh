// Stability as a way to choose k, on labelled embed outputs (BENCHMARKS.md, "Choosing k by
// stability"): cosine k-means (KSweep, as --k auto fits it) at k = 2..60 twice on all rows with
// seeds 1 and 2, and once each on two seeded 80% subsamples (seeds 3 and 4); per k, the NMI against
// the labels, the seed stability (NMI between the two full fits) and the subsample stability (NMI
// between the two subsample fits on the rows they share); the k where each stability peaks and the
// NMI ratio there (the NMI and the unit vectors as AutoKStudy computes them). Embeddings as
// `scripts/bench-cluster.sh auto-k` makes them. Run by
//   scripts/bench/jshell.sh scripts/bench/autok-stability.jsh \
//     -R-Dinputs=target/bench/classify/emb-sample-all-minilm-l6-v2,target/bench/classify/emb-sample-bge-small-en-v1.5
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
import dev.sparkembed.cluster.*;
import dev.sparkembed.similarity.VectorBlock;
import java.util.*;
SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled","false").getOrCreate();
spark.sparkContext().setLogLevel("WARN");
double nmi(int[] a, String[] b) { return dev.sparkembed.bench.AutoKStudy.nmi(a, b); }
String[] str(int[] a) { String[] s = new String[a.length]; for (int i = 0; i < a.length; i++) s[i] = "c" + a[i]; return s; }
VectorBlock block(List<Row> rows, int[] idx) { List<Row> sub = new ArrayList<>(); for (int i : idx) sub.add(rows.get(i));
  return dev.sparkembed.bench.AutoKStudy.unitBlock(sub, new String[idx.length]); }
for (String path : System.getProperty("inputs").split(",")) {
  List<Row> rows = spark.read().parquet(path).filter(col("embedding").isNotNull().and(col("label").isNotNull())).select("id", "embedding", "label").collectAsList();
  int n = rows.size(); String[] labels = new String[n]; for (int i = 0; i < n; i++) labels[i] = rows.get(i).getString(2);
  int[] all = new int[n]; for (int i = 0; i < n; i++) all[i] = i;
  VectorBlock whole = block(rows, all);
  List<KSweep.Fit> f1 = KSweep.run(whole, 2, 60, 1), f2 = KSweep.run(whole, 2, 60, 2);
  // subsample stability: two 80% subsamples, NMI on their overlap
  Random r = new Random(7); List<Integer> perm = new ArrayList<>(); for (int i = 0; i < n; i++) perm.add(i);
  Collections.shuffle(perm, r); int m = (int) (0.8 * n);
  int[] sa = perm.subList(0, m).stream().mapToInt(Integer::intValue).sorted().toArray();
  Collections.shuffle(perm, r); int[] sb = perm.subList(0, m).stream().mapToInt(Integer::intValue).sorted().toArray();
  List<KSweep.Fit> ga = KSweep.run(block(rows, sa), 2, 60, 3), gb = KSweep.run(block(rows, sb), 2, 60, 4);
  Map<Integer,Integer> posA = new HashMap<>(), posB = new HashMap<>(); for (int i = 0; i < m; i++) { posA.put(sa[i], i); posB.put(sb[i], i); }
  List<Integer> both = new ArrayList<>(); for (int i : sa) if (posB.containsKey(i)) both.add(i);
  System.out.println(path + " n=" + n + " overlap=" + both.size());
  double bestNmi = 0; for (KSweep.Fit f : f1) bestNmi = Math.max(bestNmi, nmi(f.assignment(), labels));
  int bestSeedK = 0, bestSubK = 0; double bs = -1, bsub = -1;
  for (int i = 0; i < f1.size(); i++) {
    int k = f1.get(i).k();
    double seedStab = nmi(f1.get(i).assignment(), str(f2.get(i).assignment()));
    int[] a = new int[both.size()], b = new int[both.size()];
    for (int j = 0; j < both.size(); j++) { a[j] = ga.get(i).assignment()[posA.get(both.get(j))]; b[j] = gb.get(i).assignment()[posB.get(both.get(j))]; }
    double subStab = nmi(a, str(b));
    double lab = nmi(f1.get(i).assignment(), labels);
    if (seedStab > bs) { bs = seedStab; bestSeedK = k; }
    if (subStab > bsub) { bsub = subStab; bestSubK = k; }
    if (k % 4 == 2 || k < 12) System.out.printf("  k=%d nmi(labels)=%.3f ratio=%.3f seed-stability=%.3f subsample-stability=%.3f%n", k, lab, lab / bestNmi, seedStab, subStab);
  }
  System.out.printf("  best NMI %.3f; seed stability peaks at k=%d (ratio %.3f), subsample stability at k=%d (ratio %.3f)%n", bestNmi,
      bestSeedK, nmi(f1.get(bestSeedK - 2).assignment(), labels) / bestNmi, bestSubK, nmi(f1.get(bestSubK - 2).assignment(), labels) / bestNmi);
}
/exit
