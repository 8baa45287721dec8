package dev.quiver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.storage.DataFolderLock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A Quiver database in a local folder: the embedded entry point.
 *
 * <pre>{@code
 * try (Quiver db = Quiver.open(Path.of("data"))) {
 *   VectorCollection docs = db.createCollection("docs",
 *       CollectionConfig.single(VectorParams.of(384, Metric.COSINE)));
 *   docs.upsert(Point.of(1, vector, payload));
 *   List<ScoredPoint> hits = docs.search(SearchRequest.of(query, 10));
 * }
 * }</pre>
 *
 * <p>Layout: {@code quiver.lock} (held while open, so a second process gets a clear error), and
 * {@code collections/<name>/} with {@code config.json}, {@code wal/} and {@code checkpoint-*}.
 * Thread-safe; the collection map is guarded by this object's monitor.
 */
public final class Quiver implements VectorDatabase {

  private static final String CONFIG = "config.json";
  private static final String SNAPSHOT_CONFIG = "collection.json";

  private final Path root;
  private final QuiverConfig config;
  private final DataFolderLock folderLock;
  private final Map<String, EmbeddedCollection> collections = new TreeMap<>();
  private boolean closed;

  private Quiver(Path root, QuiverConfig config, DataFolderLock folderLock) {
    this.root = root;
    this.config = config;
    this.folderLock = folderLock;
  }

  public static Quiver open(Path folder) throws IOException {
    return open(folder, QuiverConfig.defaults());
  }

  /**
   * Opens (creating if needed) the database in {@code folder}, recovering every collection.
   *
   * @throws dev.quiver.storage.FolderInUseException if another process has it open
   */
  public static Quiver open(Path folder, QuiverConfig config) throws IOException {
    Files.createDirectories(folder);
    DataFolderLock lock = DataFolderLock.acquire(folder);
    Quiver db = new Quiver(folder, config, lock);
    try {
      Path dir = folder.resolve("collections");
      Files.createDirectories(dir);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (name.startsWith(".")) {
            Checkpoints.deleteRecursively(p); // a half-created, half-restored or deleted collection
            continue;
          }
          CollectionConfig cc = readConfig(p.resolve(CONFIG));
          db.collections.put(name, EmbeddedCollection.open(name, p, cc, config));
        }
      }
    } catch (IOException | RuntimeException e) {
      db.closeQuietly();
      throw e;
    }
    return db;
  }

  public Path folder() {
    return root;
  }

  public QuiverConfig config() {
    return config;
  }

  /** Creates a collection; its configuration is sealed from now on. */
  @Override
  public synchronized EmbeddedCollection createCollection(String name, CollectionConfig cc) {
    ensureOpen();
    CollectionConfig.checkName("collection name", name);
    if (collections.containsKey(name)) {
      throw new CollectionExistsException(name);
    }
    cc = Vectorizer.resolve(name, cc, config.models());
    Path staging = root.resolve("collections").resolve(".new-" + name);
    Path target = root.resolve("collections").resolve(name);
    try {
      Checkpoints.deleteRecursively(staging);
      Files.createDirectories(staging);
      writeFileDurably(staging.resolve(CONFIG), OpCodec.JSON.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(cc.toJson()));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      Checkpoints.fsyncDirectory(target.getParent());
      EmbeddedCollection c = EmbeddedCollection.open(name, target, cc, config);
      collections.put(name, c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create collection '" + name + "'", e);
    }
  }

  /** The collection called {@code name}. */
  @Override
  public synchronized EmbeddedCollection collection(String name) {
    ensureOpen();
    EmbeddedCollection c = collections.get(name);
    if (c == null) {
      throw new NoSuchCollectionException(name, collections.keySet());
    }
    return c;
  }

  @Override
  public synchronized boolean hasCollection(String name) {
    return collections.containsKey(name);
  }

  @Override
  public synchronized List<String> collectionNames() {
    return new ArrayList<>(collections.keySet());
  }

  /** Deletes a collection and its files. */
  @Override
  public synchronized void deleteCollection(String name) {
    EmbeddedCollection c = collection(name);
    try {
      c.close(false);
      collections.remove(name);
      Path trash = c.dir().resolveSibling(".deleted-" + name + "-" + System.nanoTime());
      Files.move(c.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
      Checkpoints.deleteRecursively(trash);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete collection '" + name + "'", e);
    }
  }

  /**
   * Writes a consistent copy of a collection to one file (a zip of its configuration and a fresh
   * checkpoint; every entry carries a CRC). Writers wait while it is taken; searches do not.
   */
  public void createSnapshot(String name, Path file) throws IOException {
    EmbeddedCollection c = collection(name);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    c.withCheckpoint(checkpointDir -> {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20))) {
        zip.setLevel(1);
        ObjectNode meta = OpCodec.JSON.createObjectNode();
        meta.put("format", "quiver-snapshot");
        meta.put("version", 1);
        meta.put("collection", name);
        meta.put("checkpoint", checkpointDir.getFileName().toString());
        meta.set("config", c.config().toJson());
        zip.putNextEntry(new ZipEntry(SNAPSHOT_CONFIG));
        zip.write(OpCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        zip.closeEntry();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(checkpointDir)) {
          for (Path f : ds) {
            zip.putNextEntry(new ZipEntry(checkpointDir.getFileName() + "/" + f.getFileName()));
            Files.copy(f, zip);
            zip.closeEntry();
          }
        }
        zip.finish();
        zip.flush();
        ch.force(true);
      }
    });
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Restores a snapshot file as a new collection called {@code name}.
   *
   * @throws IllegalArgumentException if the name is taken or the file is not a Quiver snapshot
   * @throws IOException if the file is unreadable or corrupt (its checkpoint is verified on open)
   */
  public synchronized EmbeddedCollection restoreSnapshot(Path file, String name) throws IOException {
    ensureOpen();
    CollectionConfig.checkName("collection name", name);
    if (collections.containsKey(name)) {
      throw new CollectionExistsException(name);
    }
    Path staging = root.resolve("collections").resolve(".restore-" + name);
    Checkpoints.deleteRecursively(staging);
    Files.createDirectories(staging);
    CollectionConfig cc = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String entry = e.getName();
        if (entry.equals(SNAPSHOT_CONFIG)) {
          JsonNode meta = OpCodec.JSON.readTree(zip.readAllBytes());
          if (!"quiver-snapshot".equals(meta.path("format").asText())) {
            throw new IllegalArgumentException(file + " is not a Quiver snapshot");
          }
          cc = CollectionConfig.fromJson(meta.get("config"));
          continue;
        }
        if (!entry.matches("checkpoint-\\d{20}/[A-Za-z0-9_.-]+")) {
          throw new IllegalArgumentException(file + " has an unexpected entry '" + entry
              + "'; it is not a Quiver snapshot");
        }
        Path out = staging.resolve(entry);
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
          zip.transferTo(os); // ZipInputStream checks each entry's CRC at its end
        }
      }
    } catch (java.util.zip.ZipException e) {
      Checkpoints.deleteRecursively(staging);
      throw new IOException("snapshot " + file + " is corrupt: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      Checkpoints.deleteRecursively(staging);
      throw e;
    }
    if (cc == null) {
      Checkpoints.deleteRecursively(staging);
      throw new IllegalArgumentException(file + " has no " + SNAPSHOT_CONFIG + "; it is not a Quiver snapshot");
    }
    writeFileDurably(staging.resolve(CONFIG),
        OpCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(cc.toJson()));
    Path target = root.resolve("collections").resolve(name);
    EmbeddedCollection c;
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      c = EmbeddedCollection.open(name, target, cc, config);
    } catch (IOException | RuntimeException e) {
      Checkpoints.deleteRecursively(target);
      throw e;
    }
    collections.put(name, c);
    return c;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = null;
    for (EmbeddedCollection c : collections.values()) {
      try {
        c.close(config.checkpointOnClose());
      } catch (IOException | RuntimeException e) {
        if (first == null) {
          first = e instanceof IOException io ? io : new IOException(e);
        }
      }
    }
    collections.clear();
    folderLock.close();
    if (first != null) {
      throw first;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException ignored) {
      // already failing: the original error is the one to report
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("database " + root + " is closed");
    }
  }

  private static CollectionConfig readConfig(Path file) throws IOException {
    try {
      return CollectionConfig.fromJson(OpCodec.JSON.readTree(file.toFile()));
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("collection config " + file + " is invalid: " + e.getMessage(), e);
    }
  }

  private static void writeFileDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
  }
}
