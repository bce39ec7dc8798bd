package dev.sparkembed.jobs;

/** What to do when the output already holds data. */
public enum WriteMode {
  /** Refuse a non-empty output (the default: a nightly job must not clobber yesterday's data by accident). */
  ERROR,
  /** Replace the output. */
  OVERWRITE,
  /**
   * Upsert by id into a Delta or Iceberg table, creating it on the first run: only new rows, rows
   * whose text changed and rows of another model are embedded.
   */
  MERGE;

  public static WriteMode parse(String value) {
    return switch (value) {
      case "error" -> ERROR;
      case "overwrite" -> OVERWRITE;
      case "merge" -> MERGE;
      default -> throw new UserInputException("bad mode '" + value + "' (expected error, overwrite, merge)");
    };
  }
}
