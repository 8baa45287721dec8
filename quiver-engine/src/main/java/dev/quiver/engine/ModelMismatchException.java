package dev.quiver.engine;

/** A collection is bound to a model version other than the one this database provides. */
public final class ModelMismatchException extends IllegalArgumentException {

  public ModelMismatchException(String message) {
    super(message);
  }
}
