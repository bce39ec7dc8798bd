package dev.sparkembed.jobs.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkembed.jobs.Corpus;
import dev.sparkembed.jobs.TestSpark;
import dev.sparkembed.jobs.UserInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ChangesTest {

  private static final String MODEL = "model-a@0123";
  private static final String PREFIX = "passage: ";
  private static final StructType INPUT = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
  private static final StructType TABLE = new StructType().add("id", DataTypes.StringType)
      .add(Changes.TEXT_SHA256, DataTypes.StringType).add("model", DataTypes.StringType);

  /** SHA-256 of the prefixed text, computed here apart from Spark's {@code sha2}. */
  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((PREFIX + text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Corpus corpus(String... idsAndTexts) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < idsAndTexts.length; i += 2) {
      rows.add(RowFactory.create(idsAndTexts[i], idsAndTexts[i + 1]));
    }
    // Several partitions: repeated ids must be found across them.
    Dataset<Row> input = TestSpark.session().createDataFrame(rows, INPUT).repartition(3);
    return new Corpus(input, null, null, "id", "text", false);
  }

  /** A table row: id, the hash of {@code text}, and the model that embedded it. */
  private static Row tableRow(String id, String text, String model) {
    return RowFactory.create(id, sha256(text), model);
  }

  private static Dataset<Row> table(Row... rows) {
    return TestSpark.session().createDataFrame(List.of(rows), TABLE).repartition(2);
  }

  private static Changes compare(Corpus corpus, Dataset<Row> table) {
    return Changes.compare(corpus, table, "t", MODEL, PREFIX);
  }

  @Test
  void sortsEveryRowIntoOneKindAndCountsTheDistinctTextsToEmbed() {
    Dataset<Row> table = table(tableRow("a", "Alpha.", MODEL), tableRow("b", "Beta.", MODEL),
        tableRow("c", "Gamma.", MODEL), tableRow("d", "Delta.", "model-b@4567"), tableRow("e", "Epsilon.", MODEL));
    Changes changes = compare(corpus("a", "Alpha.", "b", "Beta, edited.", "d", "Delta.", "e", "Epsilon.",
        "f", "Phi.", "g", "Beta, edited."), table);
    try {
      // a, e unchanged; b changed; c deleted; d model changed; f, g new, g with b's new text.
      Changes.Counts counts = changes.counts();
      assertEquals(new Changes.Counts(6, 2, 1, 1, 2, 1, 4, 3), counts);
      assertEquals(1, counts.duplicatesReused());

      Map<String, List<String>> pending = new TreeMap<>();
      for (Row row : changes.pending().collectAsList()) {
        pending.put(row.getAs("id"), List.of(row.getAs("text"), row.getAs(Changes.TEXT_SHA256)));
      }
      assertEquals(Map.of(
          "b", List.of("Beta, edited.", sha256("Beta, edited.")),
          "d", List.of("Delta.", sha256("Delta.")),
          "f", List.of("Phi.", sha256("Phi.")),
          "g", List.of("Beta, edited.", sha256("Beta, edited."))), pending);
      assertEquals(List.of("c"), changes.deletedIds().collectAsList().stream().map(r -> r.getString(0)).toList());
    } finally {
      changes.release();
    }
  }

  @Test
  void withoutATableEveryRowIsNew() {
    Changes changes = compare(corpus("a", "Alpha.", "b", "Alpha.", "c", "Gamma."), null);
    try {
      assertEquals(new Changes.Counts(3, 3, 0, 0, 0, 0, 3, 2), changes.counts());
    } finally {
      changes.release();
    }
  }

  @Test
  void refusesRepeatedIdsEvenWhenEveryCopyIsUnchanged() {
    // Both copies of "a" match the table's row: nothing would be written, yet the input is wrong.
    Changes unchanged = compare(corpus("a", "Alpha.", "b", "Beta.", "a", "Alpha."),
        table(tableRow("a", "Alpha.", MODEL), tableRow("b", "Beta.", MODEL)));
    UserInputException e = assertThrows(UserInputException.class, unchanged::counts);
    assertEquals("1 input rows repeat an id (e.g. 'a'); --mode merge upserts by id, so ids must be unique", e.getMessage());
    unchanged.release();

    Changes fresh = compare(corpus("x", "One.", "y", "Two.", "x", "Three.", "x", "Four."), null);
    e = assertThrows(UserInputException.class, fresh::counts);
    assertEquals("2 input rows repeat an id (e.g. 'x'); --mode merge upserts by id, so ids must be unique", e.getMessage());
    fresh.release();
  }

  @Test
  void refusesNullIds() {
    Changes changes = compare(corpus("a", "Alpha.", null, "No id.", null, "None either."),
        table(tableRow("a", "Alpha.", MODEL)));
    UserInputException e = assertThrows(UserInputException.class, changes::counts);
    assertEquals("2 input rows have a null id; --mode merge upserts by id, so every row needs one", e.getMessage());
    changes.release();
  }
}
