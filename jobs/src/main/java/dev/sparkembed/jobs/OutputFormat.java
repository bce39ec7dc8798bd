package dev.sparkembed.jobs;

/** Formats the embed job writes. */
public enum OutputFormat {
  PARQUET,
  JSONL;

  public static OutputFormat parse(String value) {
    return switch (value) {
      case "parquet" -> PARQUET;
      case "jsonl" -> JSONL;
      default -> throw new UserInputException("bad output format '" + value + "' (expected parquet, jsonl)");
    };
  }
}
