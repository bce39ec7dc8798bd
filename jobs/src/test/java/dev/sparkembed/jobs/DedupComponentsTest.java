package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Dedup's connected components on a real SparkSession. */
class DedupComponentsTest {

  @Test
  void aLongChainSettlesInFewRoundsAndFreesItsCheckpoints() {
    SparkSession spark = TestSpark.session();
    // A chain n0 - n1 - ... - n299 (ids zero-padded so string order is chain order) and a pair.
    List<Row> edges = new ArrayList<>();
    for (int i = 0; i < 299; i++) {
      edges.add(RowFactory.create(String.format("n%03d", i + 1), String.format("n%03d", i)));
    }
    edges.add(RowFactory.create("x", "y"));
    Dataset<Row> input = spark.createDataFrame(edges, new StructType()
        .add("src", DataTypes.StringType).add("dst", DataTypes.StringType)).repartition(3);
    Set<Object> before = persistentRdds(spark);
    try (DedupJob.Components components = DedupJob.connectedComponents(input)) {
      List<Row> labels = components.labels().collectAsList();
      assertEquals(302, labels.size());
      for (Row row : labels) {
        String id = row.getString(0);
        assertEquals(id.startsWith("n") ? "n000" : "x", row.getString(1), id);
      }
      // Plain min-label propagation needs a round per link of the chain (300); pointer jumping about log2(300).
      assertTrue(components.rounds() <= 12, "rounds: " + components.rounds());
      Set<Object> during = persistentRdds(spark);
      during.removeAll(before);
      assertEquals(2, during.size(), "the edges and the final labels only, not every round's: " + during);
    }
    Set<Object> after = persistentRdds(spark);
    after.removeAll(before);
    assertEquals(Set.of(), after, "checkpoints freed");
  }

  private static Set<Object> persistentRdds(SparkSession spark) {
    Set<Object> ids = new HashSet<>();
    spark.sparkContext().getPersistentRDDs().keys().foreach(ids::add);
    return ids;
  }
}
