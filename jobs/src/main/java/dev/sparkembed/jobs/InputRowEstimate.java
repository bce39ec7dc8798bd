package dev.sparkembed.jobs;

import dev.sparkembed.jobs.ProgressReporter.ExpectedRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many rows an embed job's input holds, estimated on the driver without a Spark pass, for the
 * progress line's ETA. Line-based files (JSON Lines, CSV, text): the newlines in up to 16 slices of
 * 64 KB spread evenly over the input, scaled to its size (every byte is counted when the input is
 * no larger than the slices). Parquet: the row counts in the files' footers. None for compressed
 * files and tables. An estimate only: it decides no count that is reported.
 */
final class InputRowEstimate {

  private static final Logger LOG = LoggerFactory.getLogger(InputRowEstimate.class);

  static final int SLICES = 16;
  static final int SLICE_BYTES = 64 * 1024;
  /** Footers read at most; a larger input is scaled from these files' rows per byte. */
  static final int PARQUET_FOOTERS = 64;

  private InputRowEstimate() {}

  /**
   * Starts the estimate in a daemon thread, so that it never delays the job; the supplier gives
   * null until it is ready, and for good when there is none.
   */
  static Supplier<ExpectedRows> inBackground(InputFormat format, String path, Configuration conf) {
    CompletableFuture<ExpectedRows> estimate = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        OptionalLong rows = of(format, path, conf);
        estimate.complete(rows.isPresent() ? new ExpectedRows(rows.getAsLong(), true) : null);
      } catch (IOException | RuntimeException e) {
        LOG.debug("no row estimate for the progress line", e);
        estimate.complete(null);
      }
    }, "spark-embed-row-estimate");
    thread.setDaemon(true);
    thread.start();
    return () -> estimate.getNow(null);
  }

  static OptionalLong of(InputFormat format, String path, Configuration conf) throws IOException {
    return switch (format) {
      case JSONL, TEXT -> lines(files(path, conf), conf);
      case CSV -> {
        List<FileStatus> files = files(path, conf);
        OptionalLong lines = lines(files, conf);
        yield lines.isPresent() ? OptionalLong.of(Math.max(0, lines.getAsLong() - files.size())) : lines; // headers
      }
      case PARQUET -> parquetRows(files(path, conf), conf);
      default -> OptionalLong.empty();
    };
  }

  /** The data files of a path, folder or glob, as Spark lists them (names starting with _ or . left out). */
  static List<FileStatus> files(String path, Configuration conf) throws IOException {
    Path pattern = new Path(path);
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(pattern);
    List<FileStatus> files = new ArrayList<>();
    if (matches != null) {
      for (FileStatus match : matches) {
        collect(fs, match, files);
      }
    }
    return files;
  }

  private static void collect(FileSystem fs, FileStatus status, List<FileStatus> files) throws IOException {
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        if (OutputPaths.isDataFile(child.getPath().getName())) {
          collect(fs, child, files);
        }
      }
    } else {
      files.add(status);
    }
  }

  static OptionalLong lines(List<FileStatus> files, Configuration conf) throws IOException {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    long total = 0;
    for (FileStatus file : files) {
      if (codecs.getCodec(file.getPath()) != null) {
        return OptionalLong.empty(); // sizes on disk say little about the lines inside
      }
      total += file.getLen();
    }
    if (total == 0) {
      return files.isEmpty() ? OptionalLong.empty() : OptionalLong.of(0);
    }
    if (total <= (long) SLICES * SLICE_BYTES) {
      long lines = 0;
      for (FileStatus file : files) {
        lines += countLines(file, 0, file.getLen(), conf);
      }
      return OptionalLong.of(lines);
    }
    long newlines = 0;
    long sampled = 0;
    for (int k = 0; k < SLICES; k++) {
      // The slice's start in the input seen as one run of bytes, file after file.
      long at = (total - SLICE_BYTES) * k / (SLICES - 1);
      for (FileStatus file : files) {
        if (at < file.getLen()) {
          long length = Math.min(SLICE_BYTES, file.getLen() - at);
          newlines += countNewlines(file, at, length, conf);
          sampled += length;
          break;
        }
        at -= file.getLen();
      }
    }
    return sampled == 0 ? OptionalLong.empty() : OptionalLong.of(Math.round((double) newlines * total / sampled));
  }

  /** Lines in a whole file: its newlines, and one more when the last line has none. */
  private static long countLines(FileStatus file, long from, long length, Configuration conf) throws IOException {
    if (length == 0) {
      return 0;
    }
    byte[] bytes = read(file, from, length, conf);
    long newlines = count(bytes);
    return bytes[bytes.length - 1] == '\n' ? newlines : newlines + 1;
  }

  private static long countNewlines(FileStatus file, long from, long length, Configuration conf) throws IOException {
    return count(read(file, from, length, conf));
  }

  private static byte[] read(FileStatus file, long from, long length, Configuration conf) throws IOException {
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = file.getPath().getFileSystem(conf).open(file.getPath())) {
      in.readFully(from, bytes);
    }
    return bytes;
  }

  private static long count(byte[] bytes) {
    long n = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  static OptionalLong parquetRows(List<FileStatus> files, Configuration conf) throws IOException {
    if (files.isEmpty()) {
      return OptionalLong.empty();
    }
    long totalBytes = files.stream().mapToLong(FileStatus::getLen).sum();
    int step = Math.max(1, (files.size() + PARQUET_FOOTERS - 1) / PARQUET_FOOTERS);
    long rows = 0;
    long bytes = 0;
    for (int i = 0; i < files.size(); i += step) {
      FileStatus file = files.get(i);
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
        rows += reader.getRecordCount();
      }
      bytes += file.getLen();
    }
    return step == 1 || bytes == 0 ? OptionalLong.of(rows) : OptionalLong.of(Math.round((double) rows * totalBytes / bytes));
  }
}
