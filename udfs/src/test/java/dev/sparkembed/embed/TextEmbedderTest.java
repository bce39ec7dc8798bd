package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.model.ModelCache;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextEmbedderTest {

  @Test
  void tellsTheListenerAfterEveryModelCallWithThatCallsCounts() {
    // 20 texts, 2 of them null, in batches of at most 4 rows.
    String[] texts = new String[20];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = i == 3 || i == 11 ? null : "sentence number " + i + " " + "word ".repeat(i % 6);
    }
    List<long[]> calls = new ArrayList<>();
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1),
        EmbedSettings.DEFAULTS.withBatchSize(4))) {
      EmbeddedText[] results = embedder.embed(texts, (rows, tokens, padded, windowPadded) -> calls.add(new long[] {rows, tokens, padded, windowPadded}));

      // At least 5 calls of at most 4 texts; the 2 nulls count with the first call, so every row
      // is counted exactly once.
      assertTrue(calls.size() >= 5, calls.size() + " calls");
      assertEquals(20, calls.stream().mapToLong(c -> c[0]).sum());
      for (int i = 0; i < calls.size(); i++) {
        long texted = calls.get(i)[0] - (i == 0 ? 2 : 0);
        assertTrue(texted >= 1 && texted <= 4, "call " + i + " had " + texted + " texts");
      }
      long tokens = 0;
      for (EmbeddedText result : results) {
        tokens += result.nTokens() == null ? 0 : result.nTokens();
      }
      assertEquals(tokens, calls.stream().mapToLong(c -> c[1]).sum());
      assertEquals(embedder.tokens(), tokens);
      assertEquals(embedder.paddedTokens(), calls.stream().mapToLong(c -> c[2]).sum());
      // Every call knows the whole window's work before the first one runs.
      for (long[] call : calls) {
        assertEquals(embedder.paddedTokens(), call[3]);
      }
    }
  }

  @Test
  void aWindowOfOnlyNullTextsIsOneCallWithoutTokens() {
    List<long[]> calls = new ArrayList<>();
    try (TextEmbedder embedder = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS)) {
      embedder.embed(new String[] {null, null, null}, (rows, tokens, padded, windowPadded) -> calls.add(new long[] {rows, tokens, padded, windowPadded}));
    }
    assertEquals(1, calls.size());
    assertEquals(List.of(3L, 0L, 0L, 0L), List.of(calls.get(0)[0], calls.get(0)[1], calls.get(0)[2], calls.get(0)[3]));
  }
}
