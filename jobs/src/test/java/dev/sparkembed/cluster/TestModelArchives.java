package dev.sparkembed.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkembed.model.ModelFiles;
import dev.sparkembed.model.ModelLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;

/** Model archives, as users ship their own models, made from the built-in MiniLM files. */
final class TestModelArchives {

  private TestModelArchives() {}

  /** {@code dir/minilm.tar.gz} holding {@code minilm/} (graph, tokenizer, card), with {@code minilm.tar.gz.sha256}. */
  static Path miniLmTarGz(Path dir) throws IOException {
    ModelFiles builtin = ModelLocator.resolve("all-minilm-l6-v2", new Configuration());
    byte[] card = new ObjectMapper().writeValueAsBytes(Map.of("pooling", "mean", "normalize", true,
        "max_tokens", builtin.card().maxTokens(), "dimension", builtin.card().dimension()));
    Path archive = dir.resolve("minilm.tar.gz");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GzipCompressorOutputStream(Files.newOutputStream(archive)))) {
      add(tar, "minilm/model.onnx", Files.readAllBytes(builtin.onnxFile()));
      add(tar, "minilm/tokenizer.json", Files.readAllBytes(builtin.tokenizerFile()));
      add(tar, "minilm/model-card.json", card);
    }
    Files.writeString(dir.resolve("minilm.tar.gz.sha256"), sha256(archive) + "  minilm.tar.gz\n");
    return archive;
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
