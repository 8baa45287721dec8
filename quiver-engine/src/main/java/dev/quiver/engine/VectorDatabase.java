package dev.quiver.engine;

import java.util.List;

/**
 * A set of named collections: implemented in-process by {@link Quiver} and over HTTP by the client,
 * so code switches between the two by changing the line that opens it.
 */
public interface VectorDatabase extends AutoCloseable {

  /**
   * Creates a collection; its configuration is sealed from now on.
   *
   * @throws CollectionExistsException when the name is taken
   */
  VectorCollection createCollection(String name, CollectionConfig config);

  /**
   * The collection called {@code name}.
   *
   * @throws NoSuchCollectionException when there is none
   */
  VectorCollection collection(String name);

  boolean hasCollection(String name);

  /** Collection names, sorted. */
  List<String> collectionNames();

  /** Deletes a collection and all its points. */
  void deleteCollection(String name);
}
