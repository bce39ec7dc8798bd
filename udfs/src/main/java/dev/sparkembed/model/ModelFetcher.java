package dev.sparkembed.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a model given by path (a folder, or a .zip / .tar.gz / .tgz of one, on any Hadoop file
 * system) into a local cache folder, verified. The cache folder is named by the source's location,
 * sizes and modification times, so a changed model gets a new folder and a finished copy is never
 * rewritten under a running model; other JVMs on the host reuse it.
 *
 * <p>Verification: every copied file must have its source's length; when the model ships a {@code
 * SHA256SUMS} file (in the folder, or inside the archive) every file it lists must match, and an
 * archive with a sibling {@code <archive>.sha256} must match that. Archive entries that would land
 * outside the folder (absolute, {@code ..}, links) are refused.
 */
final class ModelFetcher {

  static final String CHECKSUMS_FILE = "SHA256SUMS";
  /** Written last inside a finished copy; a folder without it is an abandoned attempt. */
  static final String VERIFIED_MARKER = ".verified";

  private static final Logger LOG = LoggerFactory.getLogger(ModelFetcher.class);

  /**
   * Caps on what one archive may unpack to, so a zip bomb fails fast with one line instead of
   * filling an executor's disk.
   *
   * @param maxBytes total bytes of all extracted files
   * @param maxEntries files and folders in the archive
   * @param maxRatio extracted bytes over archive bytes; ONNX graphs barely compress (about 1.1x),
   *     tokenizers about 4x, a bomb thousands of times
   */
  record ExtractionLimits(long maxBytes, int maxEntries, double maxRatio) {
    static final ExtractionLimits DEFAULTS = new ExtractionLimits(16L << 30, 10_000, 100);
  }

  private ModelFetcher() {}

  static boolean isArchive(String name) {
    return name.endsWith(".zip") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
  }

  /** Returns the local folder holding the model's files; copies only when no verified copy exists. */
  static Path fetch(String location, FileSystem fs, FileStatus source, Path cacheRoot) throws IOException {
    return fetch(location, fs, source, cacheRoot, ExtractionLimits.DEFAULTS);
  }

  static Path fetch(String location, FileSystem fs, FileStatus source, Path cacheRoot, ExtractionLimits limits)
      throws IOException {
    List<FileStatus> files = source.isDirectory() ? topLevelFiles(fs, source) : List.of(source);
    Path target = cacheRoot.resolve("remote-" + cacheKey(source, files));
    if (Files.isRegularFile(target.resolve(VERIFIED_MARKER))) {
      String mismatch = checkAgainstMarker(target);
      if (mismatch == null) {
        LOG.info("model {}: using the verified local copy in {}", location, target);
        return target;
      }
      // Changed since it was verified (a disk error, or someone writing into the cache): copy anew.
      LOG.warn("model {}: the local copy in {} no longer matches what was verified ({}); copying it again",
          location, target, mismatch);
      deleteTree(target);
    }
    long start = System.nanoTime();
    Files.createDirectories(cacheRoot);
    Path work = cacheRoot.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.createDirectories(work);
    try {
      String verifiedBy;
      if (source.isDirectory()) {
        for (FileStatus file : files) {
          copy(fs, file, work.resolve(file.getPath().getName()), location);
        }
        verifiedBy = verifyChecksums(work, location);
      } else {
        Path archive = work.resolve(".archive");
        String sha256 = copy(fs, source, archive, location);
        String archiveCheck = verifyArchiveChecksum(fs, source, sha256, location);
        Path extracted = Files.createDirectories(work.resolve("files"));
        extract(archive, source.getPath().getName(), extracted, location, limits);
        Files.delete(archive);
        verifiedBy = verifyChecksums(singleFolder(extracted), location) + archiveCheck;
      }
      writeMarker(work, verifiedBy);
      try {
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another JVM on this host published first (rename onto a non-empty folder fails with
        // "Directory not empty", not always as DirectoryNotEmptyException); its copy is as good.
        if (!Files.isRegularFile(target.resolve(VERIFIED_MARKER))) {
          throw e;
        }
        deleteTree(work);
        LOG.info("model {}: another process on this host copied it first; using {}", location, target);
        return target;
      }
      LOG.info("model {} copied to {} in {} ms ({})", location, target, (System.nanoTime() - start) / 1_000_000,
          verifiedBy);
      return target;
    } catch (IOException | RuntimeException e) {
      deleteTree(work);
      throw e;
    }
  }

  /** The folder to load from: an archive holding one top-level folder is read from inside it. */
  static Path modelFolder(Path fetched) throws IOException {
    Path files = fetched.resolve("files");
    return Files.isDirectory(files) ? singleFolder(files) : fetched;
  }

  private static Path singleFolder(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> all = entries.toList();
      return all.size() == 1 && Files.isDirectory(all.get(0)) ? all.get(0) : dir;
    }
  }

  private static List<FileStatus> topLevelFiles(FileSystem fs, FileStatus folder) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder.getPath())) {
      String name = status.getPath().getName();
      if (status.isFile() && !name.startsWith(".") && !name.endsWith(".crc")) {
        files.add(status);
      }
    }
    files.sort(Comparator.comparing(s -> s.getPath().getName()));
    return files;
  }

  private static String cacheKey(FileStatus source, List<FileStatus> files) {
    StringBuilder key = new StringBuilder(source.getPath().toUri().toString());
    for (FileStatus file : files) {
      key.append('\n').append(file.getPath().getName()).append(' ').append(file.getLen())
          .append(' ').append(file.getModificationTime());
    }
    return HexFormat.of().formatHex(ModelLocator.sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8)))
        .substring(0, 16);
  }

  /** Copies one file, checks its length, and returns its SHA-256 in hex. */
  private static String copy(FileSystem fs, FileStatus source, Path target, String location) throws IOException {
    MessageDigest digest = ModelLocator.sha256();
    long copied;
    try (InputStream in = new DigestInputStream(fs.open(source.getPath()), digest)) {
      copied = Files.copy(in, target);
    }
    if (copied != source.getLen()) {
      throw new ModelException("model " + location + ": copied " + copied + " bytes of " + source.getPath().getName()
          + " but the source has " + source.getLen() + "; the copy is incomplete");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String verifyArchiveChecksum(FileSystem fs, FileStatus archive, String actual, String location)
      throws IOException {
    org.apache.hadoop.fs.Path sidecar = archive.getPath().suffix(".sha256");
    if (!fs.exists(sidecar)) {
      return "";
    }
    String expected;
    try (InputStream in = fs.open(sidecar)) {
      String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
      expected = text.isEmpty() ? "" : text.split("\\s+")[0].toLowerCase();
    }
    if (!expected.equals(actual)) {
      throw new ModelException("model archive " + location + " has SHA-256 " + actual + " but "
          + sidecar.getName() + " says " + expected);
    }
    return "; archive matches " + sidecar.getName();
  }

  /** Checks every file listed in {@code SHA256SUMS}; returns how the copy was verified. */
  static String verifyChecksums(Path folder, String location) throws IOException {
    Path sums = folder.resolve(CHECKSUMS_FILE);
    if (!Files.isRegularFile(sums)) {
      return "sizes verified; no " + CHECKSUMS_FILE;
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split("\\s+", 2);
      if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
        throw new ModelException("model " + location + ": bad line in " + CHECKSUMS_FILE + " (expected '<sha256>  <file>'): " + line);
      }
      expected.put(parts[1].startsWith("*") ? parts[1].substring(1) : parts[1], parts[0].toLowerCase());
    }
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      Path file = safeResolve(folder, entry.getKey(), location);
      if (!Files.isRegularFile(file)) {
        throw new ModelException("model " + location + ": " + entry.getKey() + " is listed in " + CHECKSUMS_FILE + " but missing");
      }
      String actual = sha256Hex(file);
      if (!actual.equals(entry.getValue())) {
        throw new ModelException("model " + location + ": " + entry.getKey() + " has SHA-256 " + actual + " but "
            + CHECKSUMS_FILE + " says " + entry.getValue() + "; the copy is corrupt or the model changed");
      }
    }
    return "sizes and " + expected.size() + " SHA-256 sums verified";
  }

  private static void extract(Path archive, String name, Path dest, String location, ExtractionLimits limits)
      throws IOException {
    Extraction extraction = new Extraction(dest, location, limits, Files.size(archive));
    if (name.endsWith(".zip")) {
      try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
        for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
          extraction.write(zip, entry.getName(), entry.isDirectory());
        }
      }
    } else {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
        // The cast: commons-compress before 1.25 (Spark 3.5 ships 1.23) returns ArchiveEntry here.
        for (TarArchiveEntry entry; (entry = (TarArchiveEntry) tar.getNextEntry()) != null; ) {
          if (entry.isSymbolicLink() || entry.isLink()) {
            throw new ModelException("model archive " + location + " holds a link (" + entry.getName()
                + "); refusing to extract it");
          }
          if (entry.isDirectory() || entry.isFile()) {
            extraction.write(tar, entry.getName(), entry.isDirectory());
          }
        }
      }
    }
  }

  /** One archive being unpacked under {@link ExtractionLimits}. */
  private static final class Extraction {
    private final Path dest;
    private final String location;
    private final ExtractionLimits limits;
    private final long archiveBytes;
    private long bytes;
    private int entries;

    Extraction(Path dest, String location, ExtractionLimits limits, long archiveBytes) {
      this.dest = dest;
      this.location = location;
      this.limits = limits;
      this.archiveBytes = Math.max(1, archiveBytes);
    }

    void write(InputStream in, String entryName, boolean directory) throws IOException {
      if (++entries > limits.maxEntries()) {
        throw new ModelException("model archive " + location + " has more than " + limits.maxEntries()
            + " entries; refusing to extract it");
      }
      if (directory && isArchiveRoot(entryName)) {
        return; // tar -C dir -czf m.tgz . writes "./": the folder itself
      }
      Path target = safeResolve(dest, entryName, location);
      if (directory) {
        Files.createDirectories(target);
        return;
      }
      Files.createDirectories(target.getParent());
      byte[] buffer = new byte[1 << 16];
      try (OutputStream out = Files.newOutputStream(target)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          bytes += n;
          if (bytes > limits.maxBytes()) {
            throw new ModelException("model archive " + location + " unpacks to more than " + limits.maxBytes()
                + " bytes; refusing to extract it");
          }
          if (bytes > limits.maxRatio() * archiveBytes) {
            throw new ModelException("model archive " + location + " unpacks to more than " + limits.maxRatio()
                + " times its " + archiveBytes + " bytes, as a zip bomb does; refusing to extract it");
          }
          out.write(buffer, 0, n);
        }
      }
    }
  }

  /** "." or "./" (any number of them): the archive's own top folder. */
  private static boolean isArchiveRoot(String entryName) {
    return entryName.replace("\\", "/").replaceAll("(^|/)\\.(?=/|$)", "").replace("/", "").isEmpty();
  }

  /**
   * Records every file of a finished copy with its SHA-256 in the marker, after a first line that
   * says how the copy was verified. A reuse checks the files against it.
   */
  private static void writeMarker(Path copy, String verifiedBy) throws IOException {
    StringBuilder marker = new StringBuilder(verifiedBy).append('\n');
    for (Path file : filesUnder(copy)) {
      marker.append(sha256Hex(file)).append("  ").append(copy.relativize(file).toString().replace('\\', '/')).append('\n');
    }
    Files.writeString(copy.resolve(VERIFIED_MARKER), marker.toString());
  }

  /** Null when every file matches the marker and no file was added; else what differs. */
  static String checkAgainstMarker(Path copy) throws IOException {
    List<String> lines = Files.readAllLines(copy.resolve(VERIFIED_MARKER), StandardCharsets.UTF_8);
    Map<String, String> recorded = new LinkedHashMap<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] parts = line.split("  ", 2);
      if (parts.length == 2) {
        recorded.put(parts[1], parts[0]);
      }
    }
    if (recorded.isEmpty()) {
      return "the marker records no file hashes";
    }
    List<Path> files = filesUnder(copy);
    for (Path file : files) {
      String name = copy.relativize(file).toString().replace('\\', '/');
      String expected = recorded.get(name);
      if (expected == null) {
        return name + " was added";
      }
      if (!expected.equals(sha256Hex(file))) {
        return name + " changed";
      }
    }
    return files.size() == recorded.size() ? null : "a file is missing";
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(VERIFIED_MARKER))
          .sorted().toList();
    }
  }

  /** Resolves a relative name inside {@code dir}; anything that would land outside is an error. */
  static Path safeResolve(Path dir, String name, String location) {
    Path root = dir.toAbsolutePath().normalize();
    Path resolved = root.resolve(name).normalize();
    if (name.startsWith("/") || name.startsWith("\\") || !resolved.startsWith(root) || resolved.equals(root)) {
      throw new ModelException("model " + location + " has an entry '" + name + "' outside its folder; refusing to extract it");
    }
    return resolved;
  }

  private static String sha256Hex(Path file) throws IOException {
    MessageDigest digest = ModelLocator.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
