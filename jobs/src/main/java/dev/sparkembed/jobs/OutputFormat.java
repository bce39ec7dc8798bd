package dev.sparkembed.jobs;

import dev.sparkembed.jobs.lake.LakeFormat;
import java.util.Optional;

/** Formats the embed job writes: files (Parquet, JSON Lines) or a lake table (Delta by path, Iceberg by catalog name). */
public enum OutputFormat {
  PARQUET,
  JSONL,
  DELTA,
  ICEBERG;

  public static OutputFormat parse(String value) {
    return switch (value) {
      case "parquet" -> PARQUET;
      case "jsonl" -> JSONL;
      case "delta" -> DELTA;
      case "iceberg" -> ICEBERG;
      default -> throw new UserInputException("bad output format '" + value + "' (expected parquet, jsonl, delta, iceberg)");
    };
  }

  /** The lake format, for a table output. */
  public Optional<LakeFormat> lake() {
    return switch (this) {
      case DELTA -> Optional.of(LakeFormat.DELTA);
      case ICEBERG -> Optional.of(LakeFormat.ICEBERG);
      default -> Optional.empty();
    };
  }
}
