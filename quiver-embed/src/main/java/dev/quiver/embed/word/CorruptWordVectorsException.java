package dev.quiver.embed.word;

import java.io.IOException;

/** A word-vector file that does not follow its format; the message names the file, where and what was expected. */
public final class CorruptWordVectorsException extends IOException {

  private static final long serialVersionUID = 1L;

  public CorruptWordVectorsException(String message) {
    super(message);
  }

  public CorruptWordVectorsException(String message, Throwable cause) {
    super(message, cause);
  }
}
