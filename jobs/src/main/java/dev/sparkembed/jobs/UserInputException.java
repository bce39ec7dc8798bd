package dev.sparkembed.jobs;

/** Bad input from the user (flags, config, files). The message is one line and says what to fix. */
public class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }
}
