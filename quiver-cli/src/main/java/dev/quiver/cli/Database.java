package dev.quiver.cli;

import dev.quiver.client.QuiverClient;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorDatabase;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a data command talks to: the {@link VectorDatabase} (embedded folder or server) plus the two
 * snapshot operations whose shape differs between the two. Commands use {@link #db()} only, so each
 * is written once for both modes.
 */
sealed interface Database extends AutoCloseable permits Database.Embedded, Database.Remote {

  VectorDatabase db();

  /** Writes a snapshot of {@code collection} to {@code output}. */
  void snapshot(String collection, Path output) throws IOException;

  /** Restores a snapshot file as the new collection {@code collection}. */
  VectorCollection restore(Path file, String collection) throws IOException;

  /** Where the data lives, for messages: the folder or the URL. */
  String where();

  @Override
  void close() throws IOException;

  /** The folder opened in this process. */
  record Embedded(Quiver quiver) implements Database {
    @Override
    public VectorDatabase db() {
      return quiver;
    }

    @Override
    public void snapshot(String collection, Path output) throws IOException {
      quiver.createSnapshot(collection, output);
    }

    @Override
    public VectorCollection restore(Path file, String collection) throws IOException {
      return quiver.restoreSnapshot(file, collection);
    }

    @Override
    public String where() {
      return quiver.folder().toString();
    }

    @Override
    public void close() throws IOException {
      quiver.close();
    }
  }

  /** A running server; snapshots are created on it and downloaded, or uploaded to restore. */
  record Remote(QuiverClient client) implements Database {
    @Override
    public VectorDatabase db() {
      return client;
    }

    @Override
    public void snapshot(String collection, Path output) {
      String name = client.createSnapshot(collection);
      client.downloadSnapshot(collection, name, output);
    }

    @Override
    public VectorCollection restore(Path file, String collection) {
      return client.restoreSnapshot(file, collection);
    }

    @Override
    public String where() {
      return client.uri().toString();
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
