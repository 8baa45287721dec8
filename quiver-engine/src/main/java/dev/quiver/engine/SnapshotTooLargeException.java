package dev.quiver.engine;

/**
 * A snapshot that would unpack beyond its {@link SnapshotLimits}; nothing was restored. The message
 * names the limit that was hit and how to raise it. (The HTTP API answers 413.)
 */
public final class SnapshotTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SnapshotTooLargeException(String message) {
    super(message);
  }
}
