package dev.quiver.engine.rag;

/** The generator's endpoint failed: unreachable, a non-2xx status, a malformed stream, a timeout. */
public class GeneratorException extends RuntimeException {

  public GeneratorException(String message) {
    super(message);
  }

  public GeneratorException(String message, Throwable cause) {
    super(message, cause);
  }
}
