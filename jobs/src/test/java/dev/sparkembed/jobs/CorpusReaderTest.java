package dev.sparkembed.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

  @TempDir
  Path dir;

  private Corpus readJsonLines(List<String> lines) throws IOException {
    Path input = Files.write(dir.resolve("in.jsonl"), lines);
    EmbedJobConfig config = ConfigFiles.of(EmbedJobConfig.class,
        Map.<String, Object>of("input", input.toString(), "output", dir.resolve("out").toString())).withDefaults().validate();
    return CorpusReader.read(TestSpark.session(), InputFormat.JSONL, input.toString(), config);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void jsonLinesAreParsedOnceWhileTheBadOnesAreCounted() throws IOException {
    Corpus corpus = readJsonLines(List.of("{\"id\":\"a\",\"text\":\"Alpha.\"}", "{not json", "",
        "{\"id\":\"b\",\"text\":\"Beta.\"}"));

    // Spark moves a filter below the projection it reads and inlines that projection's columns, so
    // a filter on the parsed record used to parse each line a second time.
    String plan = corpus.rows().queryExecution().executedPlan().toString();
    assertEquals(1, occurrences(plan, "from_json("), plan);

    Map<String, String> texts = new TreeMap<>();
    for (Row row : corpus.rows().collectAsList()) {
      texts.put(row.getString(0), row.getString(1));
    }
    assertEquals(Map.of("a", "Alpha.", "b", "Beta."), texts);
    assertEquals(2L, corpus.rejectedSeen().value(), "the malformed and the blank line, counted in the same pass");
    List<Row> rejected = corpus.rejected().select("reason").orderBy("reason").collectAsList();
    assertEquals(List.of("blank line", "malformed JSON"), rejected.stream().map(r -> r.getString(0)).toList());
  }
}
