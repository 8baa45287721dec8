package dev.quiver.engine;

import java.util.Set;

/** Thrown when a collection name is not known; the message lists the ones that are. */
public final class NoSuchCollectionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String collection;

  public NoSuchCollectionException(String collection, Set<String> known) {
    super("collection '" + collection + "' does not exist; existing collections: "
        + (known.isEmpty() ? "none" : String.join(", ", known)));
    this.collection = collection;
  }

  public String collection() {
    return collection;
  }
}
