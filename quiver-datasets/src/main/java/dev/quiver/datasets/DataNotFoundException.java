package dev.quiver.datasets;

/**
 * A dataset folder or file is missing. The message says what was looked for and how to point
 * Quiver at the data; callers such as the CLI print it without a stack trace.
 */
public final class DataNotFoundException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public DataNotFoundException(String message) {
    super(message);
  }
}
