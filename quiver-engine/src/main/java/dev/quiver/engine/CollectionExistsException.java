package dev.quiver.engine;

/** A collection was created under a name that is already taken. */
public final class CollectionExistsException extends IllegalArgumentException {

  public CollectionExistsException(String name) {
    super("collection '" + name + "' already exists; delete it first or choose another name");
  }
}
