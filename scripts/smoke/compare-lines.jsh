// scripts/smoke.sh's check: the outputs of embed -> join -> cluster on other Spark lines against the
// default line's, on the same input. -Dreference=DIR -Dcandidates=DIR,DIR... (each with embeddings/,
// neighbours/, clusters/assignments/), -Dlines=X.Y,X.Y... (one per candidate), -Dk=N. Prints one
// line per candidate, with FAILED on a mismatch.
import org.apache.spark.sql.*;
import java.util.*;

var spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
spark.sparkContext().setLogLevel("ERROR");
String reference = System.getProperty("reference");
String[] candidates = System.getProperty("candidates").split(",");
String[] lines = System.getProperty("lines").split(",");
int k = Integer.parseInt(System.getProperty("k"));

Map<String, float[]> vectors(String dir) {
  Map<String, float[]> byId = new HashMap<>();
  for (Row row : spark.read().parquet(dir + "/embeddings").select("id", "embedding").collectAsList()) {
    List<Float> values = row.getList(1);
    float[] v = new float[values.size()];
    for (int d = 0; d < v.length; d++) v[d] = values.get(d);
    byId.put(row.get(0).toString(), v);
  }
  return byId;
}
Map<String, List<String>> topK(String dir) {
  Map<String, List<String>> byLeft = new TreeMap<>();
  for (Row row : spark.read().parquet(dir + "/neighbours").orderBy("left_id", "rank").collectAsList()) {
    byLeft.computeIfAbsent(row.getString(row.fieldIndex("left_id")), x -> new ArrayList<>()).add(row.getString(row.fieldIndex("right_id")));
  }
  return byLeft;
}
var expected = vectors(reference);
var expectedTopK = topK(reference);

void compare(String candidate, String line) {
  List<String> problems = new ArrayList<>();
  var got = vectors(candidate);
  double worst = 0;
  if (!expected.keySet().equals(got.keySet())) problems.add("ids differ: " + expected.size() + " against " + got.size());
  for (var e : expected.entrySet()) {
    float[] g = got.get(e.getKey());
    if (g == null || g.length != e.getValue().length) continue;
    for (int d = 0; d < g.length; d++) worst = Math.max(worst, Math.abs(g[d] - e.getValue()[d]));
  }
  if (worst > 1e-6) problems.add("embeddings differ by up to " + worst);

  var gotTopK = topK(candidate);
  long differentTopK = expectedTopK.keySet().stream().filter(id -> !expectedTopK.get(id).equals(gotTopK.get(id))).count();
  if (differentTopK > 0 || expectedTopK.size() != gotTopK.size()) problems.add(differentTopK + " rows have another top-k");

  long clusters = spark.read().parquet(candidate + "/clusters/assignments").select("cluster").distinct().count();
  long assigned = spark.read().parquet(candidate + "/clusters/assignments").count();
  if (clusters != k || assigned != expected.size()) problems.add(clusters + " clusters over " + assigned + " rows, expected " + k + " over " + expected.size());

  if (problems.isEmpty()) {
    System.out.printf("smoke: Spark %s: %d embeddings within %.1g of the default line's, top-%d identical for all %d rows, %d clusters%n",
        line, got.size(), worst, gotTopK.values().iterator().next().size(), gotTopK.size(), clusters);
  } else {
    System.out.println("smoke: Spark " + line + " FAILED: " + String.join("; ", problems));
  }
}
for (int i = 0; i < candidates.length; i++) compare(candidates[i], lines[i]);
/exit
