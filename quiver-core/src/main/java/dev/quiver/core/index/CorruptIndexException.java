package dev.quiver.core.index;

import java.io.IOException;

/** An index file that cannot be trusted: truncated, altered, or not an index file at all. */
public final class CorruptIndexException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptIndexException(String message) {
    super(message);
  }
}
