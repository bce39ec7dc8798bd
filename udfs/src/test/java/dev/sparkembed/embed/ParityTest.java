package dev.sparkembed.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.model.ModelCache;
import dev.sparkembed.model.SentenceEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with sentence-transformers semantics as computed by an implementation that is not ours
 * (scripts/parity: HuggingFace tokenizers + onnxruntime-node), over texts that stress
 * truncation, whitespace, Unicode and control characters.
 */
class ParityTest {

  @ParameterizedTest
  @ValueSource(strings = {"all-minilm-l6-v2", "bge-small-en-v1.5"})
  void matchesReferenceEmbeddings(String modelName) throws IOException {
    JsonNode reference = readFixture(modelName);
    JsonNode items = reference.get("items");
    String[] texts = new String[items.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = items.get(i).get("text").asText();
    }
    assertTrue(texts.length >= 30);

    SentenceEmbeddingModel model = ModelCache.get(modelName, 1);
    EmbeddedText[] results;
    try (TextEmbedder embedder = new TextEmbedder(model, EmbedSettings.DEFAULTS)) {
      results = embedder.embed(texts);
    }
    TokenizedText[] tokens = model.tokenize(texts);
    double worst = 1;
    for (int i = 0; i < texts.length; i++) {
      JsonNode item = items.get(i);
      long[] expectedIds = new long[item.get("ids").size()];
      for (int t = 0; t < expectedIds.length; t++) {
        expectedIds[t] = item.get("ids").get(t).asLong();
      }
      assertArrayEquals(expectedIds, tokens[i].ids(), "token ids of text #" + i);
      assertEquals(expectedIds.length, results[i].nTokens(), "n_tokens of text #" + i);
      assertEquals(item.get("truncated").asBoolean(), results[i].truncated(), "truncated of text #" + i);
      double[] expected = new double[item.get("embedding").size()];
      for (int d = 0; d < expected.length; d++) {
        expected[d] = item.get("embedding").get(d).asDouble();
      }
      double cosine = TestVectors.cosine(results[i].embedding(), expected);
      worst = Math.min(worst, cosine);
      assertTrue(cosine >= 0.99999, modelName + " text #" + i + " cosine " + cosine);
    }
    System.out.printf("%s parity: %d texts, min cosine %.8f%n", modelName, texts.length, worst);
  }

  private static JsonNode readFixture(String modelName) throws IOException {
    try (InputStream in = ParityTest.class.getResourceAsStream("/parity/" + modelName + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}
