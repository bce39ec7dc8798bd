package dev.sparkembed.jobs;

/** What to do when the output already holds data. */
public enum WriteMode {
  /** Refuse a non-empty output (the default: a nightly job must not clobber yesterday's data by accident). */
  ERROR,
  /** Replace the output. */
  OVERWRITE;

  public static WriteMode parse(String value) {
    return switch (value) {
      case "error" -> ERROR;
      case "overwrite" -> OVERWRITE;
      default -> throw new UserInputException("bad mode '" + value + "' (expected error, overwrite)");
    };
  }
}
