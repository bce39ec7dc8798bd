package dev.sparkembed.model;

import static dev.sparkembed.model.TestModelFolders.CARD;
import static dev.sparkembed.model.TestModelFolders.assertOneLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkembed.embed.EmbedSettings;
import dev.sparkembed.embed.TextEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

  private static ModelFiles builtin;

  @TempDir Path dir;

  @BeforeAll
  static void extractBuiltin() {
    builtin = TestModelFolders.builtin();
  }

  @Test
  void builtinModelsResolveOffline() {
    assertEquals("all-minilm-l6-v2", builtin.name());
    assertEquals(384, builtin.card().dimension());
    assertEquals(256, builtin.card().maxTokens());
    assertTrue(builtin.label().matches("all-minilm-l6-v2@[0-9a-f]{12}"), builtin.label());
    for (BuiltinModel model : BuiltinModel.values()) {
      assertTrue(getClass().getClassLoader().getResource(model.onnxResource()) != null, model.onnxResource());
      assertTrue(getClass().getClassLoader().getResource(model.tokenizerResource()) != null, model.tokenizerResource());
    }
  }

  @Test
  void folderModelEmbedsLikeTheBuiltinOne() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "mini", CARD);
    ModelFiles files = ModelLocator.resolve(folder.toString(), new Configuration());
    assertEquals("mini", files.name());
    assertEquals(builtin.fingerprint(), files.fingerprint(), "same files, same fingerprint");
    try (SentenceEmbeddingModel model = SentenceEmbeddingModel.load(files, 1);
        TextEmbedder embedder = new TextEmbedder(model, EmbedSettings.DEFAULTS)) {
      float[] fromFolder = embedder.embed(new String[] {"a folder model"})[0].embedding();
      try (TextEmbedder reference = new TextEmbedder(ModelCache.get("all-minilm-l6-v2", 1), EmbedSettings.DEFAULTS)) {
        assertArrayEquals(reference.embed(new String[] {"a folder model"})[0].embedding(), fromFolder);
      }
    }
  }

  @Test
  void unknownNameNamesTheBuiltins() {
    assertOneLine(failResolve("no-such-model-xyz"), "unknown model 'no-such-model-xyz': not a built-in model (all-minilm-l6-v2,");
  }

  @Test
  void folderWithoutOnnx() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("empty"));
    assertOneLine(failResolve(folder.toString()), "model folder " + folder + " has no .onnx file");
  }

  @Test
  void folderWithTwoOnnxFiles() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "two", CARD);
    Files.writeString(folder.resolve("other.onnx"), "x");
    assertOneLine(failResolve(folder.toString()), "has more than one .onnx file");
  }

  @Test
  void folderWithoutTokenizer() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "notok", CARD);
    Files.delete(folder.resolve("tokenizer.json"));
    assertOneLine(failResolve(folder.toString()), "model folder " + folder + " has no tokenizer.json");
  }

  @Test
  void folderWithoutCard() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "nocard", null);
    assertOneLine(failResolve(folder.toString()), "model folder " + folder + " has no model-card.json");
  }

  @Test
  void invalidCards() throws IOException {
    String[] cards = {
      "{\"pooling\":\"max\",\"normalize\":true,\"max_tokens\":256,\"dimension\":384}",
      "{\"pooling\":\"mean\",\"normalize\":true,\"dimension\":384}",
      "{\"pooling\":\"mean\",\"normalize\":true,\"max_tokens\":256,\"dimension\":384,\"colour\":1}",
      "{\"pooling\":\"mean\",\"normalize\":true,\"max_tokens\":0,\"dimension\":384}",
      "not json",
    };
    for (int i = 0; i < cards.length; i++) {
      Path folder = TestModelFolders.modelFolder(dir, "card" + i, cards[i]);
      assertOneLine(failResolve(folder.toString()), "model card " + folder.resolve("model-card.json") + " is invalid: ");
    }
  }

  @Test
  void corruptOnnxFailsNamingTheFile() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("corrupt"));
    Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.createLink(folder.resolve("tokenizer.json"), builtin.tokenizerFile());
    Files.writeString(folder.resolve("model-card.json"), CARD);
    ModelFiles files = ModelLocator.resolve(folder.toString(), new Configuration());
    ModelException e = assertThrows(ModelException.class, () -> SentenceEmbeddingModel.load(files, 1));
    assertOneLine(e.getMessage(), "ONNX model " + folder.resolve("model.onnx") + " cannot be loaded: ");
  }

  @Test
  void corruptTokenizerFailsNamingTheFile() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "badtok", CARD);
    Files.delete(folder.resolve("tokenizer.json"));
    Files.writeString(folder.resolve("tokenizer.json"), "{ not a tokenizer");
    ModelFiles files = ModelLocator.resolve(folder.toString(), new Configuration());
    ModelException e = assertThrows(ModelException.class, () -> SentenceEmbeddingModel.load(files, 1));
    assertOneLine(e.getMessage(), "tokenizer " + folder.resolve("tokenizer.json") + " cannot be loaded: ");
  }

  @Test
  void cardThatDisagreesWithTheGraph() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "wrongdim", CARD.replace("384", "768"));
    ModelFiles files = ModelLocator.resolve(folder.toString(), new Configuration());
    ModelException e = assertThrows(ModelException.class, () -> SentenceEmbeddingModel.load(files, 1));
    assertOneLine(e.getMessage(), "produces 384-dimensional embeddings but its model card says 768");
  }

  private static String failResolve(String location) {
    return assertThrows(ModelException.class, () -> ModelLocator.resolve(location, new Configuration())).getMessage();
  }
}
