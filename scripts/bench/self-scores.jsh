// How far below 1 the join's score of a vector against an identical copy of itself falls: every
// vector of each embed output scored against a block of the same vectors under other ids, through
// VectorBlock's matrix product (the path of the exact join and of dedup), with the BLAS this JVM
// loads (NativeBlas: OpenBLAS when libblas.so.3 is installed, else netlib's Java BLAS).
// scripts/bench/jshell.sh scripts/bench/self-scores.jsh -R-Dinputs=EMB_DIR[,EMB_DIR...]
import dev.sparkembed.similarity.*;
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
var spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
System.out.println("BLAS: " + NativeBlas.blas().getClass().getName());
for (String input : System.getProperty("inputs").split(",")) {
  var rows = spark.read().parquet(input).filter(col("embedding").isNotNull()).select("embedding").collectAsList();
  int n = rows.size();
  int dim = rows.get(0).getList(0).size();
  float[] data = new float[n * dim];
  for (int i = 0; i < n; i++) {
    java.util.List<Float> v = rows.get(i).getList(0);
    for (int d = 0; d < dim; d++) data[i * dim + d] = v.get(d);
  }
  float lowest = Float.MAX_VALUE, highest = -Float.MAX_VALUE;
  int below1 = 0;
  int block = 2048;
  for (int start = 0; start < n; start += block) {
    int m = Math.min(block, n - start);
    String[] a = new String[m], b = new String[m];
    for (int i = 0; i < m; i++) { a[i] = "a" + i; b[i] = "b" + i; }
    float[] slice = java.util.Arrays.copyOfRange(data, start * dim, (start + m) * dim);
    var left = new VectorBlock(a, slice, dim);
    var right = new VectorBlock(b, slice.clone(), dim);
    Neighbours[] best = new Neighbours[m];
    for (int i = 0; i < m; i++) best[i] = new Neighbours(m); // every score of the row, to find its copy's
    left.scoreAgainst(right, best, Float.NEGATIVE_INFINITY, false);
    for (int i = 0; i < m; i++) {
      String copy = "b" + i;
      for (var match : best[i].sorted()) {
        if (match.rightId().equals(copy)) {
          lowest = Math.min(lowest, match.score());
          highest = Math.max(highest, match.score());
          if (match.score() < 1f) below1++;
        }
      }
    }
  }
  System.out.printf("%s: %d vectors x %d, score against an identical copy: lowest %.9f (1 - %.2e), highest %.9f, below 1: %d%n",
      input, n, dim, lowest, 1 - (double) lowest, highest, below1);
}
spark.stop();
/exit
