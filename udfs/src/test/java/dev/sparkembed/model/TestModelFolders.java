package dev.sparkembed.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** Model folders for tests, built from the built-in MiniLM files, and the one-line error check. */
final class TestModelFolders {

  static final String CARD = "{\"pooling\":\"mean\",\"normalize\":true,\"max_tokens\":256,\"dimension\":384}";

  private TestModelFolders() {}

  static ModelFiles builtin() {
    return ModelLocator.resolve("all-minilm-l6-v2", new Configuration());
  }

  /** A model folder sharing the built-in MiniLM files through hard links (no 90 MB copies). */
  static Path modelFolder(Path dir, String name, String card) throws IOException {
    ModelFiles builtin = builtin();
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.createLink(folder.resolve("model.onnx"), builtin.onnxFile());
    Files.createLink(folder.resolve("tokenizer.json"), builtin.tokenizerFile());
    if (card != null) {
      Files.writeString(folder.resolve("model-card.json"), card);
    }
    return folder;
  }

  static String sha256(java.net.URL url) throws IOException {
    try (java.io.InputStream in = url.openStream()) {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertOneLine(String message, String expectedPart) {
    assertTrue(message.contains(expectedPart), "expected '" + expectedPart + "' in: " + message);
    assertFalse(message.contains("\n"), "not one line: " + message);
  }
}
