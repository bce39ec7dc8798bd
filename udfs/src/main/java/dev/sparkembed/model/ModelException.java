package dev.sparkembed.model;

/** A model that cannot be used: missing, corrupt or inconsistent. The message is one line. */
public class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
