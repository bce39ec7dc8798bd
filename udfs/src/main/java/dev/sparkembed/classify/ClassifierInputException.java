package dev.sparkembed.classify;

/** Training or prediction input the user can fix: a missing or mistyped column, too few classes or rows. */
public final class ClassifierInputException extends IllegalArgumentException {

  public ClassifierInputException(String message) {
    super(message);
  }
}
