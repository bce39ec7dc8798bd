package dev.sparkembed.model;

import static dev.sparkembed.model.TestModelFolders.CARD;
import static dev.sparkembed.model.TestModelFolders.assertOneLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model paths that must be copied: archives, and folders on a file system other than this
 * machine's local one. Hadoop's RawLocalFileSystem stands in for HDFS or S3: a real Hadoop file
 * system that ModelLocator does not treat as local, so folders go through the copy path.
 */
class ModelFetcherTest {

  private static ModelFiles builtin;

  @TempDir Path dir;

  @BeforeAll
  static void extractBuiltin() {
    builtin = TestModelFolders.builtin();
  }

  @Test
  void remoteFolderIsCopiedVerifiedAndReused() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "remote-mini", CARD);
    writeChecksums(folder, "model.onnx", "tokenizer.json", "model-card.json");
    Path cache = dir.resolve("cache");
    Path first = fetch(folder, cache);
    assertTrue(first.startsWith(cache), first.toString());
    assertEquals(Files.size(builtin.onnxFile()), Files.size(first.resolve("model.onnx")));
    assertTrue(Files.readString(first.resolve(ModelFetcher.VERIFIED_MARKER)).contains("3 SHA-256 sums verified"));

    // Another JVM on the host (a second fetch) reuses the verified copy instead of copying again.
    long copiedAt = Files.getLastModifiedTime(first.resolve("model.onnx")).toMillis();
    Path second = fetch(folder, cache);
    assertEquals(first, second);
    assertEquals(copiedAt, Files.getLastModifiedTime(second.resolve("model.onnx")).toMillis());
    try (var entries = Files.list(cache)) {
      assertEquals(1, entries.count(), "no leftover temporary folders");
    }

    // A changed model gets a new folder; the old copy is never rewritten under a running model.
    Files.writeString(folder.resolve("model-card.json"), CARD.replace("256", "128"));
    writeChecksums(folder, "model.onnx", "tokenizer.json", "model-card.json");
    assertNotEquals(first, fetch(folder, cache));
  }

  @Test
  void concurrentCopiesOnOneHostAllSucceed() throws Exception {
    // Executors on one host start their first tasks together: every copy must succeed, whichever
    // publishes first (found by StandaloneClusterIT, where the loser's task failed once).
    Path folder = TestModelFolders.modelFolder(dir, "raced", CARD);
    Path cache = dir.resolve("cache");
    int racers = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(racers);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
    try {
      List<java.util.concurrent.Future<Path>> copies = new java.util.ArrayList<>();
      for (int i = 0; i < racers; i++) {
        copies.add(pool.submit(() -> {
          start.await();
          return fetch(folder, cache);
        }));
      }
      Path first = copies.get(0).get();
      for (var copy : copies) {
        assertEquals(first, copy.get());
      }
    } finally {
      pool.shutdown();
    }
    try (var entries = Files.list(cache)) {
      assertEquals(List.of("remote-"), entries.map(p -> p.getFileName().toString().substring(0, 7)).toList(),
          "one published copy, no temporary folders left");
    }
  }

  @Test
  void remoteFolderResolvesToTheSameModel() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "raw-mini", CARD);
    Configuration conf = new Configuration();
    conf.setClass("fs.file.impl", RawLocalFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    ModelFiles files = ModelLocator.resolve("file://" + folder, conf);
    assertEquals("raw-mini", files.name());
    assertEquals(builtin.fingerprint(), files.fingerprint(), "the copy holds the same bytes");
    assertFalse(files.onnxFile().startsWith(folder), "copied, not used in place: " + files.onnxFile());
  }

  @Test
  void checksumMismatchNamesTheFile() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "tampered", CARD);
    writeChecksums(folder, "model.onnx", "tokenizer.json", "model-card.json");
    Files.writeString(folder.resolve("model-card.json"), CARD.replace("true", "false"));
    String message = assertThrows(ModelException.class, () -> fetch(folder, dir.resolve("cache"))).getMessage();
    assertOneLine(message, "model-card.json has SHA-256 ");
    assertTrue(message.contains("but SHA256SUMS says"), message);
    try (var entries = Files.list(dir.resolve("cache"))) {
      assertEquals(0, entries.count(), "a failed copy leaves nothing behind");
    }
  }

  @Test
  void checksumsAreCheckedForLocalFoldersToo() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "local-tampered", CARD);
    Files.writeString(folder.resolve("SHA256SUMS"), "0".repeat(64) + "  tokenizer.json\n");
    String message = assertThrows(ModelException.class,
        () -> ModelLocator.resolve(folder.toString(), new Configuration())).getMessage();
    assertOneLine(message, "tokenizer.json has SHA-256 ");
  }

  @Test
  void checksumFileListingAMissingFile() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "missing-listed", CARD);
    Files.writeString(folder.resolve("SHA256SUMS"), "a".repeat(64) + "  vocab.txt\n");
    assertOneLine(assertThrows(ModelException.class, () -> fetch(folder, dir.resolve("cache"))).getMessage(),
        "vocab.txt is listed in SHA256SUMS but missing");
  }

  @Test
  void zipAndTarGzArchivesResolveToTheSameModel() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "packed", CARD);
    Path zip = zipModel(folder, dir.resolve("packed.zip"), "packed/"); // one top-level folder, as `zip -r` makes
    Path tgz = dir.resolve("packed-flat.tar.gz");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(
        new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
      for (String name : List.of("model.onnx", "tokenizer.json", "model-card.json")) {
        TarArchiveEntry entry = new TarArchiveEntry(name); // files at the top, as `tar -C folder .` makes
        entry.setSize(Files.size(folder.resolve(name)));
        out.putArchiveEntry(entry);
        Files.copy(folder.resolve(name), out);
        out.closeArchiveEntry();
      }
    }
    Files.writeString(dir.resolve("packed-flat.tar.gz.sha256"), sha256(tgz) + "  packed-flat.tar.gz\n");

    ModelFiles fromZip = ModelLocator.resolve(zip.toString(), new Configuration());
    ModelFiles fromTgz = ModelLocator.resolve(tgz.toString(), new Configuration());
    assertEquals("packed", fromZip.name());
    assertEquals("packed-flat", fromTgz.name());
    assertEquals(builtin.fingerprint(), fromZip.fingerprint());
    assertEquals(builtin.fingerprint(), fromTgz.fingerprint());
  }

  @Test
  void archiveThatDisagreesWithItsSidecarChecksum() throws IOException {
    Path zip = zipWith("sidecar.zip", "model-card.json", CARD);
    Files.writeString(dir.resolve("sidecar.zip.sha256"), "b".repeat(64) + "\n");
    assertOneLine(assertThrows(ModelException.class, () -> fetch(zip, dir.resolve("cache"))).getMessage(),
        "but sidecar.zip.sha256 says " + "b".repeat(64));
  }

  @Test
  void zipSlipIsRefused() throws IOException {
    Path zip = zipWith("evil.zip", "../../escaped.txt", "gotcha");
    String message = assertThrows(ModelException.class, () -> fetch(zip, dir.resolve("cache"))).getMessage();
    assertOneLine(message, "has an entry '../../escaped.txt' outside its folder; refusing to extract it");
    assertFalse(Files.exists(dir.resolve("escaped.txt")));
    assertFalse(Files.exists(dir.resolve("cache").resolve("escaped.txt")));
    assertOneLine(assertThrows(ModelException.class,
        () -> fetch(zipWith("absolute.zip", "/tmp/absolute.txt", "x"), dir.resolve("cache"))).getMessage(),
        "has an entry '/tmp/absolute.txt' outside its folder");
  }

  @Test
  void tarLinksAreRefused() throws IOException {
    Path tgz = dir.resolve("link.tgz");
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(
        new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
      TarArchiveEntry link = new TarArchiveEntry("tokenizer.json", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
    }
    assertOneLine(assertThrows(ModelException.class, () -> fetch(tgz, dir.resolve("cache"))).getMessage(),
        "holds a link (tokenizer.json); refusing to extract it");
  }

  @Test
  void plainFileIsNotAModel() throws IOException {
    Path file = Files.writeString(dir.resolve("model.onnx.txt"), "x");
    assertOneLine(assertThrows(ModelException.class,
        () -> ModelLocator.resolve(file.toString(), new Configuration())).getMessage(),
        "is a file; give the folder holding the .onnx file, tokenizer.json and model-card.json, or a .zip, .tar.gz or .tgz");
  }

  @Test
  void tarballMadeByTheRealTarIsAccepted() throws Exception {
    // `tar -C dir -czf m.tgz .` writes a "./" entry for the folder itself, then "./model.onnx", ...
    Path folder = TestModelFolders.modelFolder(dir, "tarred", CARD);
    Path tgz = dir.resolve("tarred.tgz");
    Process tar = new ProcessBuilder("tar", "-C", folder.toString(), "-czf", tgz.toString(), ".")
        .redirectErrorStream(true).start();
    assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    Process list = new ProcessBuilder("tar", "-tzf", tgz.toString()).start();
    assertTrue(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().anyMatch("./"::equals),
        "the archive has the ./ entry this test is about");

    ModelFiles files = ModelLocator.resolve(tgz.toString(), new Configuration());
    assertEquals("tarred", files.name());
    assertEquals(builtin.fingerprint(), files.fingerprint());
  }

  @Test
  void archiveExtractionIsCapped() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "capped", CARD);
    Path zip = zipModel(folder, dir.resolve("capped.zip"), "");
    Path cache = dir.resolve("cache");
    assertOneLine(assertThrows(ModelException.class, () -> fetch(zip, cache,
        new ModelFetcher.ExtractionLimits(1 << 20, 100, 100))).getMessage(),
        "unpacks to more than 1048576 bytes; refusing to extract it");
    assertOneLine(assertThrows(ModelException.class, () -> fetch(zip, cache,
        new ModelFetcher.ExtractionLimits(1L << 40, 2, 100))).getMessage(),
        "has more than 2 entries; refusing to extract it");

    // A bomb: 64 MB of zeros compress to about 64 KB, a ratio near 1000.
    Path bomb = dir.resolve("bomb.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
      out.putNextEntry(new ZipEntry("model.onnx"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
      out.closeEntry();
    }
    String message = assertThrows(ModelException.class, () -> fetch(bomb, cache)).getMessage();
    assertOneLine(message, "unpacks to more than 100.0 times its");
    assertTrue(message.endsWith("as a zip bomb does; refusing to extract it"), message);
    try (var entries = Files.list(cache)) {
      assertEquals(0, entries.count(), "nothing left behind");
    }
  }

  @Test
  void aVerifiedCopyThatChangedIsCopiedAgain() throws IOException {
    Path folder = TestModelFolders.modelFolder(dir, "tamper-later", CARD);
    Path cache = dir.resolve("cache");
    Path copy = fetch(folder, cache);
    String verified = Files.readString(copy.resolve(ModelFetcher.VERIFIED_MARKER));
    assertTrue(verified.contains(sha256(folder.resolve("model-card.json")) + "  model-card.json"), verified);

    // Same size, other bytes: a size check alone would trust it.
    Files.writeString(copy.resolve("model-card.json"), CARD.replace("true", "tru3"));
    assertEquals("model-card.json changed", ModelFetcher.checkAgainstMarker(copy));
    Path again = fetch(folder, cache);
    assertEquals(copy, again);
    assertEquals(CARD, Files.readString(again.resolve("model-card.json")), "copied again from the source");
    assertEquals(null, ModelFetcher.checkAgainstMarker(again));

    Files.writeString(again.resolve("extra.onnx"), "x");
    assertEquals("extra.onnx was added", ModelFetcher.checkAgainstMarker(again));
  }

  private static Path fetch(Path source, Path cache, ModelFetcher.ExtractionLimits limits) throws IOException {
    FileSystem fs = new RawLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration());
    FileStatus status = fs.getFileStatus(new org.apache.hadoop.fs.Path(source.toUri()));
    return ModelFetcher.fetch(source.toString(), fs, status, cache, limits);
  }

  private static Path fetch(Path source, Path cache) throws IOException {
    FileSystem fs = new RawLocalFileSystem();
    fs.initialize(java.net.URI.create("file:///"), new Configuration());
    FileStatus status = fs.getFileStatus(new org.apache.hadoop.fs.Path(source.toUri()));
    return ModelFetcher.fetch(source.toString(), fs, status, cache);
  }

  /** The model's three files in a zip, each entry name after {@code folder} ("" or "name/"). */
  private static Path zipModel(Path model, Path zip, String folder) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String name : List.of("model.onnx", "tokenizer.json", "model-card.json")) {
        out.putNextEntry(new ZipEntry(folder + name));
        Files.copy(model.resolve(name), out);
        out.closeEntry();
      }
    }
    return zip;
  }

  private Path zipWith(String name, String entryName, String content) throws IOException {
    Path zip = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(entryName));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return zip;
  }

  private static void writeChecksums(Path folder, String... names) throws IOException {
    StringBuilder sums = new StringBuilder();
    for (String name : names) {
      sums.append(sha256(folder.resolve(name))).append("  ").append(name).append('\n');
    }
    Files.writeString(folder.resolve("SHA256SUMS"), sums);
  }

  private static String sha256(Path file) throws IOException {
    return TestModelFolders.sha256(file.toUri().toURL());
  }
}
