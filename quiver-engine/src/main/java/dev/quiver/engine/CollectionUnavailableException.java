package dev.quiver.engine;

/**
 * The collection exists on disk but could not be opened (a damaged file, an unexpected folder);
 * the rest of the database is open. The message carries the opening error, which names the file
 * and offset at fault. Delete the collection (and restore a snapshot under its name), or repair
 * the file and reopen the database. (The HTTP API answers 503.)
 */
public final class CollectionUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String collection;
  private final String error;

  public CollectionUnavailableException(String collection, String error) {
    super("collection '" + collection + "' is unavailable: " + error + ". Delete the collection (and restore"
        + " a snapshot under its name), or repair the file and reopen the database");
    this.collection = collection;
    this.error = error;
  }

  public String collection() {
    return collection;
  }

  /** Why it could not be opened. */
  public String error() {
    return error;
  }
}
