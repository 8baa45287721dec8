package dev.quiver.storage;

import java.io.IOException;

/** A checksummed file that is truncated, altered, or of another kind. */
public class CorruptFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptFileException(String message) {
    super(message);
  }
}
