package dev.quiver.storage;

import java.io.IOException;

/** Another process (or another open database in this one) holds the data folder. */
public final class FolderInUseException extends IOException {
  private static final long serialVersionUID = 1L;

  public FolderInUseException(String message) {
    super(message);
  }
}
