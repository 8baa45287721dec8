package dev.quiver.storage;

import java.io.IOException;

/** The log holds a damaged record that is not a torn tail: refusing to go on is the safe choice. */
public final class WalCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  public WalCorruptedException(String message) {
    super(message);
  }

  /** The same problem with context the log does not know (such as the collection's name) around it. */
  public WalCorruptedException(String message, WalCorruptedException cause) {
    super(message, cause);
  }
}
