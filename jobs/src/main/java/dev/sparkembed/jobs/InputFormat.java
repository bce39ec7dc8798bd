package dev.sparkembed.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Corpus formats the embed job reads. */
public enum InputFormat {
  JSONL("jsonl", ".jsonl", ".json", ".ndjson"),
  PARQUET("parquet", ".parquet"),
  CSV("csv", ".csv"),
  TEXT("text", ".txt", ".text"),
  /** A Delta table: a folder with a _delta_log (found without the flag too). */
  DELTA("delta"),
  /** An Iceberg table, by catalog name (catalog.db.table). */
  ICEBERG("iceberg");

  private static final String[] COMPRESSION = {".gz", ".bz2", ".deflate", ".snappy", ".zst", ".lz4"};

  private final String id;
  private final String[] extensions;

  InputFormat(String id, String... extensions) {
    this.id = id;
    this.extensions = extensions;
  }

  public String id() {
    return id;
  }

  /** Whether this is a table, read through its format rather than as files. */
  public boolean isTable() {
    return this == DELTA || this == ICEBERG;
  }

  public static InputFormat parse(String value) {
    return Arrays.stream(values())
        .filter(f -> f.id.equals(value))
        .findFirst()
        .orElseThrow(() -> new UserInputException(
            "bad input format '" + value + "' (expected " + ids() + ")"));
  }

  /** The format a file name implies, compression suffixes ignored. */
  public static Optional<InputFormat> fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSION) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    for (InputFormat format : values()) {
      for (String extension : format.extensions) {
        if (name.endsWith(extension)) {
          return Optional.of(format);
        }
      }
    }
    return Optional.empty();
  }

  static String ids() {
    return Arrays.stream(values()).map(InputFormat::id).collect(Collectors.joining(", "));
  }
}
