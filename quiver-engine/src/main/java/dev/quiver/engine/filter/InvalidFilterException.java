package dev.quiver.engine.filter;

/** A filter that cannot be parsed; the message names the JSON path, the bad value and what fits. */
public final class InvalidFilterException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidFilterException(String message) {
    super(message);
  }
}
