// Recall@10 of IVF against exact search as probes grow, for several list counts, on real embeddings:
// the measurements behind the IVF defaults (BENCHMARKS.md). Run by scripts/bench-ivf-curve.sh.
// Everything runs on the driver with the library's own pieces (SphericalKMeans, VectorBlock), so a
// whole curve takes seconds where one Spark join per point would take minutes.
import org.apache.spark.sql.*;
import dev.sparkembed.similarity.*;
import java.util.*;

var spark = SparkSession.builder().master("local[*]").config("spark.ui.enabled", "false").getOrCreate();
spark.sparkContext().setLogLevel("ERROR");

List<IdVector> all = new ArrayList<>();
for (Row row : spark.read().parquet(System.getProperty("embeddings")).select("id", "embedding").collectAsList()) {
  List<Float> values = row.getList(1);
  float[] v = new float[values.size()];
  double squares = 0;
  for (int d = 0; d < v.length; d++) {
    v[d] = values.get(d);
    squares += v[d] * v[d];
  }
  for (int d = 0; d < v.length; d++) {
    v[d] /= (float) Math.sqrt(squares);
  }
  all.add(new IdVector(row.getString(0), v));
}
int rows = all.size();
int dim = all.get(0).vector().length;
VectorBlock block = VectorBlock.of(all, dim);

// 1,000 query rows; their exact top-11 (the first is usually the row itself, excluded as in a self-join).
Random random = new Random(1);
int[] queryRows = new int[1000];
List<IdVector> queryVectors = new ArrayList<>();
for (int i = 0; i < queryRows.length; i++) {
  queryRows[i] = random.nextInt(rows);
  queryVectors.add(all.get(queryRows[i]));
}
VectorBlock queries = VectorBlock.of(queryVectors, dim);
int[][] truth = queries.nearestRows(block, 11);

void curve(int lists, int sampleRows, int iterations, int[] probeCounts) {
  List<IdVector> sample = new ArrayList<>(all);
  Collections.shuffle(sample, new Random(42));
  long start = System.nanoTime();
  VectorBlock centroids = SphericalKMeans.fit(VectorBlock.of(sample.subList(0, Math.min(rows, sampleRows)), dim),
      lists, iterations, 42);
  double trainSeconds = (System.nanoTime() - start) / 1e9;
  int[][] assigned = block.nearestRows(centroids, 1);
  List<List<Integer>> members = new ArrayList<>();
  for (int c = 0; c < lists; c++) {
    members.add(new ArrayList<>());
  }
  for (int i = 0; i < rows; i++) {
    members.get(assigned[i][0]).add(i);
  }
  int[][] probed = queries.nearestRows(centroids, Arrays.stream(probeCounts).max().getAsInt());
  StringBuilder line = new StringBuilder(String.format("lists %d sample %d iterations %d train %.1f s:",
      lists, sampleRows, iterations, trainSeconds));
  for (int probes : probeCounts) {
    long hits = 0;
    long scanned = 0;
    for (int q = 0; q < queryRows.length; q++) {
      Set<Integer> candidates = new HashSet<>();
      for (int p = 0; p < probes; p++) {
        candidates.addAll(members.get(probed[q][p]));
      }
      scanned += candidates.size();
      int counted = 0;
      for (int j = 0; j < 11 && counted < 10; j++) {
        if (truth[q][j] == queryRows[q]) {
          continue;
        }
        counted++;
        hits += candidates.contains(truth[q][j]) ? 1 : 0;
      }
    }
    line.append(String.format(" p=%d recall=%.3f scanned=%.3f;", probes, hits / (10.0 * queryRows.length),
        scanned / (double) queryRows.length / rows));
  }
  System.out.println(line);
}

// -Dcurves="lists:sampleRows:iterations:probes,probes,...;..." overrides the default set.
String curves = System.getProperty("curves", "316:20000:20:8,16,24,32,48,79;632:40448:25:16,32,48,64,76,96;"
    + "632:40448:10:16,32,48,64,76,96;632:20000:10:16,32,48,64,76,96;1000:64000:20:25,50,75,95,150");
for (String spec : curves.split(";")) {
  String[] f = spec.split(":");
  curve(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
      Arrays.stream(f[3].split(",")).mapToInt(Integer::parseInt).toArray());
}
/exit
