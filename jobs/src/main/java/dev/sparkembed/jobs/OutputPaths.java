package dev.sparkembed.jobs;

import dev.sparkembed.jobs.lake.LakeFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Input and output checks on any Hadoop file system, done before Spark runs anything. */
public final class OutputPaths {

  private OutputPaths() {}

  /** A Hadoop configuration with the {@code spark.hadoop.*} entries of a job's Spark conf. */
  public static Configuration hadoopConf(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    sparkConf.forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        conf.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    return conf;
  }

  /** Checks that the input exists and holds data, and returns its format (given or detected). */
  public static InputFormat checkInput(String input, String givenFormat, Configuration conf) {
    InputFormat given = givenFormat == null ? null : InputFormat.parse(givenFormat);
    if (given == InputFormat.ICEBERG) {
      LakeFormat.ICEBERG.requireLibrary();
      return InputFormat.ICEBERG; // a catalog name: the catalog checks it when the session reads it
    }
    try {
      FileSystem fs = new Path(input).getFileSystem(conf);
      List<FileStatus> matches = matches(input, "input", conf);
      boolean delta = !isGlob(input) && LakeFormat.isDeltaTable(input, conf);
      if (delta || given == InputFormat.DELTA) {
        if (isGlob(input)) {
          throw new UserInputException("input " + input + " is a pattern; --input-format delta reads one table, by its path");
        }
        if (!delta) {
          throw new UserInputException("input " + input + " is not a Delta table (no _delta_log)");
        }
        if (given != null && given != InputFormat.DELTA) {
          throw new UserInputException("input " + input + " is a Delta table; read it with --input-format delta, not "
              + givenFormat + " (its folder also holds files the table no longer contains)");
        }
        LakeFormat.DELTA.requireLibrary();
        return InputFormat.DELTA;
      }
      // A given format needs only one data file; a detected one looks at every file's name, since
      // Spark reads all of them in the format it is told (a Parquet file read as JSON lines is
      // nothing but rejected rows).
      List<FileStatus> firstData = new ArrayList<>();
      Map<InputFormat, Path> named = new LinkedHashMap<>();
      for (FileStatus match : matches) {
        boolean more = visitDataFiles(fs, match, file -> {
          if (firstData.isEmpty()) {
            firstData.add(file);
          }
          InputFormat.fromFileName(file.getPath().getName()).ifPresent(format -> named.putIfAbsent(format, file.getPath()));
          return given == null && named.size() < 2;
        });
        if (!more) {
          break;
        }
      }
      if (firstData.isEmpty()) {
        throw new UserInputException("input " + input + (isGlob(input) ? " matches no data files" : " has no data files"));
      }
      if (given != null) {
        return given;
      }
      if (named.size() > 1) {
        List<Map.Entry<InputFormat, Path>> two = List.copyOf(named.entrySet());
        throw new UserInputException("input " + input + " holds files of two formats, " + two.get(0).getKey().id() + " ("
            + two.get(0).getValue() + ") and " + two.get(1).getKey().id() + " (" + two.get(1).getValue()
            + "); read one format a run (a glob such as '*.jsonl' picks it), or pass --input-format to read all as one");
      }
      String name = firstData.get(0).getPath().getName();
      return InputFormat.fromFileName(name).orElseThrow(() -> new UserInputException(
          "cannot tell the format of input " + input + " from '" + name + "'; pass --input-format ("
              + InputFormat.ids() + ")"));
    } catch (IOException e) {
      throw new UserInputException("cannot read input " + input + ": " + e.getMessage());
    }
  }

  /**
   * What a location names, as Spark reads it: the path itself, or every file and folder a glob
   * ({@code *}, {@code ?}, {@code [..]}, <code>{a,b}</code>) matches, less the files Spark leaves
   * out ({@code _SUCCESS}, {@code .crc}). Refused when there is nothing, and when a glob matches a
   * Delta table, whose folder also holds files the table no longer contains: a table is read
   * through Delta, by its own path.
   */
  public static List<FileStatus> matches(String location, String what, Configuration conf) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(path);
    if (matches == null || matches.length == 0) {
      throw new UserInputException(what + " " + location + (isGlob(location) ? " matches no file or folder" : " does not exist"));
    }
    if (!isGlob(location)) {
      return List.of(matches); // a path named on its own is read whatever its name
    }
    for (FileStatus match : matches) {
      if (match.isDirectory() && fs.exists(new Path(match.getPath(), "_delta_log"))) {
        throw new UserInputException(what + " " + location + " matches the Delta table " + match.getPath()
            + "; name the table by its path, without a pattern");
      }
    }
    List<FileStatus> read = Arrays.stream(matches).filter(m -> m.isDirectory() || isDataFile(m.getPath().getName()))
        .sorted(Comparator.comparing(FileStatus::getPath)).toList();
    if (read.isEmpty()) {
      throw new UserInputException(what + " " + location + " matches no data files");
    }
    return read;
  }

  /** Whether a location holds Hadoop glob characters, which Spark's readers expand. */
  static boolean isGlob(String location) {
    return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** Refuses an output that holds data unless the mode is overwrite, and an output that is the input. */
  public static void checkOutput(String output, String input, WriteMode mode, Configuration conf) {
    try {
      Path out = new Path(output);
      FileSystem fs = out.getFileSystem(conf);
      Path qualifiedOut = fs.makeQualified(out);
      List<Path> inputs = new ArrayList<>();
      inputs.add(new Path(input).getFileSystem(conf).makeQualified(new Path(input)));
      if (isGlob(input)) {
        FileStatus[] matched = new Path(input).getFileSystem(conf).globStatus(new Path(input));
        for (FileStatus match : matched == null ? new FileStatus[0] : matched) {
          inputs.add(match.getPath());
        }
      }
      for (Path qualifiedIn : inputs) {
        if (isSameOrInside(qualifiedIn, qualifiedOut) || isSameOrInside(qualifiedOut, qualifiedIn)) {
          throw new UserInputException("output " + output + " overlaps input " + input + "; write somewhere else");
        }
      }
      if (mode == WriteMode.ERROR && fs.exists(out)) {
        FileStatus status = fs.getFileStatus(out);
        if (status.isFile() || fs.listStatus(out).length > 0) {
          throw new UserInputException("output " + output + " already exists and is not empty; use --mode overwrite to replace it");
        }
      }
    } catch (IOException e) {
      throw new UserInputException("cannot check output " + output + ": " + e.getMessage());
    }
  }

  public static void writeText(String file, String text, Configuration conf) {
    Path path = new Path(file);
    try (OutputStream out = path.getFileSystem(conf).create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The data files of a folder written by Spark (none when it holds only _SUCCESS). */
  public static String[] dataFiles(String folder, Configuration conf) {
    try {
      Path path = new Path(folder);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return new String[0];
      }
      return Arrays.stream(fs.listStatus(path))
          .filter(s -> s.isFile() && isDataFile(s.getPath().getName()))
          .map(s -> s.getPath().toString())
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /**
   * Shows {@code visitor} the data files Spark reads for a match, until it returns false: the match
   * itself when it is a file; for a folder, its files, or when it has partition folders
   * ({@code key=value}) the files of those instead, at any depth. Spark reads no other files under
   * a folder (a subfolder of another name, or a file beside partition folders), nor Spark's and
   * Hadoop's own ({@code _*}, {@code .*}).
   *
   * @return false when the visitor stopped the walk
   */
  private static boolean visitDataFiles(FileSystem fs, FileStatus match, Predicate<FileStatus> visitor) throws IOException {
    if (!match.isDirectory()) {
      return visitor.test(match);
    }
    List<FileStatus> files = new ArrayList<>();
    List<FileStatus> partitions = new ArrayList<>();
    FileStatus[] children = fs.listStatus(match.getPath());
    Arrays.sort(children, Comparator.comparing(FileStatus::getPath)); // listings come in no set order
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (!isDataFile(name)) {
        continue;
      }
      if (!child.isDirectory()) {
        files.add(child);
      } else if (name.indexOf('=') > 0) {
        partitions.add(child);
      }
    }
    for (FileStatus child : partitions.isEmpty() ? files : partitions) {
      if (!visitDataFiles(fs, child, visitor)) {
        return false;
      }
    }
    return true;
  }

  /** Spark's rule: files and folders named {@code _*} or {@code .*} are Spark's and Hadoop's own, not data. */
  static boolean isDataFile(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  private static boolean isSameOrInside(Path child, Path parent) {
    for (Path p = child; p != null; p = p.getParent()) {
      if (p.equals(parent)) {
        return true;
      }
    }
    return false;
  }
}
