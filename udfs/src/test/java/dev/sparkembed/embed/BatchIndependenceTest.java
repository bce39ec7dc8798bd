package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fp32 embeddings must not depend on how texts are windowed and batched. */
class BatchIndependenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"all-minilm-l6-v2", "bge-small-en-v1.5"})
  void sameVectorsWhateverTheBatching(String modelName) throws IOException {
    String[] texts = texts();
    SentenceEmbeddingModel model = ModelCache.get(modelName, 1);
    EmbeddedText[] oneAtATime = embed(model, texts, EmbedSettings.DEFAULTS.withBatchSize(1).withWindowSize(1));
    List<EmbedSettings> variants = List.of(
        EmbedSettings.DEFAULTS,
        EmbedSettings.DEFAULTS.withBatchSize(7).withWindowSize(13),
        EmbedSettings.DEFAULTS.withBatchSize(256).withMaxBatchTokens(1_000_000),
        EmbedSettings.DEFAULTS.withMaxBatchTokens(600).withWindowSize(5));
    double worst = 0;
    for (EmbedSettings settings : variants) {
      EmbeddedText[] results = embed(model, texts, settings);
      for (int i = 0; i < texts.length; i++) {
        assertEquals(oneAtATime[i].status(), results[i].status());
        assertEquals(oneAtATime[i].nTokens(), results[i].nTokens());
        if (texts[i] != null) {
          double diff = TestVectors.maxAbsDiff(oneAtATime[i].embedding(), results[i].embedding());
          worst = Math.max(worst, diff);
          assertTrue(diff <= 1e-6, settings + " text #" + i + " differs by " + diff);
        }
      }
    }
    System.out.printf("%s batch independence: max abs diff %.3g%n", modelName, worst);
  }

  private static EmbeddedText[] embed(SentenceEmbeddingModel model, String[] texts, EmbedSettings settings) {
    // Feed the embedder window by window, as the partition function does.
    List<EmbeddedText> out = new ArrayList<>();
    try (TextEmbedder embedder = new TextEmbedder(model, settings)) {
      for (int start = 0; start < texts.length; start += settings.windowSize()) {
        String[] window = Arrays.copyOfRange(texts, start, Math.min(texts.length, start + settings.windowSize()));
        out.addAll(Arrays.asList(embedder.embed(window)));
      }
    }
    return out.toArray(new EmbeddedText[0]);
  }

  private static String[] texts() throws IOException {
    try (InputStream in = BatchIndependenceTest.class.getResourceAsStream("/parity/texts.json")) {
      List<String> texts = new ArrayList<>(Arrays.asList(new ObjectMapper().readValue(in, String[].class)));
      texts.add(3, null);
      texts.add(null);
      return texts.toArray(new String[0]);
    }
  }
}
