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
 * <p>Layout: {@code quiver.lock} (held while open, so a second process gets a clear error),
 * {@code collections/<name>/} with {@code config.json}, {@code wal/}, {@code manifest-<generation>} and {@code seg-<n>/}, and
 * {@code snapshots/<name>/} where the server keeps snapshot files.
 *
 * <p>A collection that cannot be opened (a damaged file, an unexpected folder) does not stop the
 * others: it is listed by {@link #unavailableCollections()} with its error, {@link #collection}
 * throws {@link CollectionUnavailableException} for it, and {@link #deleteCollection} drops it.
 *
 * <p>Thread-safe; the collection maps are guarded by this object's monitor.
 */
public final class Quiver implements VectorDatabase {

  private static final System.Logger LOG = System.getLogger(Quiver.class.getName());
  private static final String CONFIG = "config.json";
  private static final String SNAPSHOT_CONFIG = "collection.json";
  /** The description entry is read into memory: far below any real one's size, far above a bomb's use. */
  private static final int MAX_SNAPSHOT_CONFIG_BYTES = 16 << 20;

  /** A collection folder that could not be opened, and why (the message names the file and offset). */
  private record Unavailable(Path dir, String error) {}

  private final Path root;
  private final QuiverConfig config;
  private final DataFolderLock folderLock;
  private final Map<String, EmbeddedCollection> collections = new TreeMap<>();
  private final Map<String, Unavailable> unavailable = new TreeMap<>();
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
   * Opens (creating if needed) the database in {@code folder}, recovering every collection. A
   * collection that fails to open is reported by {@link #unavailableCollections()} instead of
   * failing the whole database; a folder in {@code collections/} that holds no collection files
   * (no {@code config.json}, log or checkpoint) is skipped with a warning. Temporary files left by
   * a crash during a snapshot create or upload in {@link #snapshotsFolder()} are removed.
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
          if (looksLikeCollection(p)) {
            db.openCollection(name, p);
          }
        }
      }
      removeSnapshotTemporaries(db.snapshotsFolder());
    } catch (IOException | RuntimeException e) {
      db.closeQuietly();
      throw e;
    }
    return db;
  }

  /**
   * Whether {@code p} should be opened as a collection. A file, a folder whose name no collection
   * can have, or a folder with none of a collection's files is someone else's: skipped, with a
   * warning, so it cannot block start-up. A folder with a log or checkpoint but no config.json is
   * a collection that lost its configuration: opened, and so reported unavailable.
   */
  private static boolean looksLikeCollection(Path p) throws IOException {
    String why = null;
    if (!Files.isDirectory(p)) {
      why = "it is not a folder";
    } else {
      try {
        CollectionConfig.checkName("collection name", p.getFileName().toString());
      } catch (IllegalArgumentException e) {
        why = e.getMessage();
      }
    }
    if (why == null && !Files.exists(p.resolve(CONFIG)) && !Files.exists(p.resolve("wal"))) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p, "{checkpoint-*,manifest-*}")) {
        if (!ds.iterator().hasNext()) {
          why = "it holds no " + CONFIG + ", wal/, manifest-* or checkpoint-* file";
        }
      }
    }
    if (why != null) {
      LOG.log(System.Logger.Level.WARNING, "skipping {0}: not a collection ({1}); move it out of the"
          + " collections folder", p, why);
      return false;
    }
    return true;
  }

  /** Opens one collection, or records it as unavailable with its error. Called from open only. */
  private void openCollection(String name, Path dir) {
    try {
      CollectionConfig cc = readConfig(dir.resolve(CONFIG));
      collections.put(name, EmbeddedCollection.open(name, dir, cc, config));
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      // Our own errors name the file; anything else (a bug, a JDK error) gets the folder and its type.
      String error = m.contains(dir.toString()) ? m
          : dir + ": " + e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
      LOG.log(System.Logger.Level.ERROR, "collection '" + name + "' is unavailable: " + error
          + "; the other collections are open. Delete it (and restore a snapshot under its name) or repair"
          + " the file and reopen", e);
      unavailable.put(name, new Unavailable(dir, error));
    }
  }

  /**
   * Removes what a crash while a snapshot was written into a snapshot folder leaves:
   * {@code <name>.snapshot.tmp} (from {@link #createSnapshot}) and {@code .upload-<n>.tmp} (the
   * server's upload). Safe because the folder lock is held: nobody else can be writing them.
   */
  private static void removeSnapshotTemporaries(Path snapshots) throws IOException {
    if (!Files.isDirectory(snapshots)) {
      return;
    }
    List<Path> leftovers;
    try (var walk = Files.walk(snapshots, 2)) {
      leftovers = walk.filter(Files::isRegularFile).filter(f -> {
        String n = f.getFileName().toString();
        return n.endsWith(".snapshot.tmp") || (n.startsWith(".upload-") && n.endsWith(".tmp"));
      }).toList();
    }
    for (Path f : leftovers) {
      LOG.log(System.Logger.Level.INFO, "removing {0} ({1} bytes), left by an interrupted snapshot"
          + " create or upload", f, Files.size(f));
      Files.deleteIfExists(f);
    }
  }

  public Path folder() {
    return root;
  }

  public QuiverConfig config() {
    return config;
  }

  /** {@code <folder>/snapshots}: where the server keeps each collection's snapshot files. */
  public Path snapshotsFolder() {
    return root.resolve("snapshots");
  }

  /**
   * The collections that exist on disk but could not be opened, name to error (which names the
   * file and offset at fault), sorted by name. {@link #collectionNames()} leaves them out.
   */
  public synchronized Map<String, String> unavailableCollections() {
    Map<String, String> out = new TreeMap<>();
    unavailable.forEach((name, u) -> out.put(name, u.error()));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Creates a collection; its configuration is sealed from now on. */
  @Override
  public synchronized EmbeddedCollection createCollection(String name, CollectionConfig cc) {
    ensureOpen();
    CollectionConfig.checkName("collection name", name);
    if (collections.containsKey(name) || unavailable.containsKey(name)) {
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

  /**
   * The collection called {@code name}.
   *
   * @throws CollectionUnavailableException if it exists but could not be opened
   */
  @Override
  public synchronized EmbeddedCollection collection(String name) {
    ensureOpen();
    EmbeddedCollection c = collections.get(name);
    if (c == null) {
      Unavailable u = unavailable.get(name);
      if (u != null) {
        throw new CollectionUnavailableException(name, u.error());
      }
      throw new NoSuchCollectionException(name, collections.keySet());
    }
    return c;
  }

  /** Whether the collection exists, open or {@linkplain #unavailableCollections() unavailable}. */
  @Override
  public synchronized boolean hasCollection(String name) {
    return collections.containsKey(name) || unavailable.containsKey(name);
  }

  /** The open collections, sorted; the unavailable ones are in {@link #unavailableCollections()}. */
  @Override
  public synchronized List<String> collectionNames() {
    return new ArrayList<>(collections.keySet());
  }

  /** Deletes a collection and its files; an unavailable one too (its folder is removed). */
  @Override
  public synchronized void deleteCollection(String name) {
    ensureOpen();
    Unavailable u = unavailable.get(name);
    if (u != null) {
      try {
        removeFolder(name, u.dir());
        unavailable.remove(name);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete collection '" + name + "' (" + u.dir() + ")", e);
      }
      return;
    }
    EmbeddedCollection c = collection(name);
    try {
      c.close(false);
      collections.remove(name);
      removeFolder(name, c.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete collection '" + name + "'", e);
    }
  }

  /** Renames first, so a crash mid-delete leaves a dot-folder that the next open removes. */
  private static void removeFolder(String name, Path dir) throws IOException {
    Path trash = dir.resolveSibling(".deleted-" + name + "-" + System.nanoTime());
    Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
    Checkpoints.deleteRecursively(trash);
  }

  /**
   * Writes a consistent copy of a collection to one file (a zip of its configuration, a freshly
   * committed manifest and the segment files it names; every entry carries a CRC). Writers and
   * searches go on while it is taken. It is
   * written to {@code <file>.tmp} first and renamed; a failure removes the temporary file, and
   * one a crash leaves in {@link #snapshotsFolder()} is removed by the next {@link #open}.
   */
  public void createSnapshot(String name, Path file) throws IOException {
    EmbeddedCollection c = collection(name);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      writeSnapshot(c, tmp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeSnapshot(EmbeddedCollection c, Path tmp) throws IOException {
    String name = c.name();
    c.withCheckpoint(committed -> {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
          ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20))) {
        zip.setLevel(1);
        ObjectNode meta = OpCodec.JSON.createObjectNode();
        meta.put("format", "quiver-snapshot");
        meta.put("version", 2);
        meta.put("collection", name);
        meta.put("manifest", dev.quiver.engine.segment.ManifestFile.fileName(committed.manifest().generation()));
        meta.set("config", c.config().toJson());
        zip.putNextEntry(new ZipEntry(SNAPSHOT_CONFIG));
        zip.write(OpCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        zip.closeEntry();
        // Segment files never change and the named deletion generation stays until the next commit,
        // which waits for this one: writers go on meanwhile.
        for (String f : committed.files()) {
          zip.putNextEntry(new ZipEntry(f));
          Files.copy(committed.dir().resolve(f), zip);
          zip.closeEntry();
        }
        zip.finish();
        zip.flush();
        ch.force(true);
      }
    });
  }

  /**
   * Restores a snapshot file as a new collection called {@code name}. What it may unpack is bounded
   * by {@link QuiverConfig#snapshotLimits()}, checked as the bytes are written.
   *
   * @throws SnapshotTooLargeException if it would unpack beyond those limits (nothing is restored)
   * @throws IllegalArgumentException if the name is taken or the file is not a Quiver snapshot
   * @throws IOException if the file is unreadable or corrupt (its checkpoint is verified on open)
   */
  public synchronized EmbeddedCollection restoreSnapshot(Path file, String name) throws IOException {
    ensureOpen();
    CollectionConfig.checkName("collection name", name);
    if (collections.containsKey(name) || unavailable.containsKey(name)) {
      throw new CollectionExistsException(name);
    }
    UnpackBudget budget = new UnpackBudget(file, Files.size(file), config.snapshotLimits());
    Path staging = root.resolve("collections").resolve(".restore-" + name);
    Checkpoints.deleteRecursively(staging);
    Files.createDirectories(staging);
    CollectionConfig cc = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String entry = e.getName();
        budget.nextEntry(entry, e.getSize());
        if (entry.equals(SNAPSHOT_CONFIG)) {
          java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
          budget.copy(zip, bytes, entry, MAX_SNAPSHOT_CONFIG_BYTES);
          JsonNode meta = OpCodec.JSON.readTree(bytes.toByteArray());
          if (!"quiver-snapshot".equals(meta.path("format").asText())) {
            throw new IllegalArgumentException(file + " is not a Quiver snapshot");
          }
          cc = CollectionConfig.fromJson(meta.get("config"));
          continue;
        }
        // Version 2 (segments): manifest-<gen> and seg-<n>/<file>; version 1: checkpoint-<lsn>/<file>,
        // converted to segments when the restored collection opens.
        if (!entry.matches("checkpoint-\\d{20}/[A-Za-z0-9_.-]+") && !entry.matches("manifest-\\d{20}")
            && !entry.matches("seg-\\d{1,10}/[A-Za-z0-9_.-]+")) {
          throw new IllegalArgumentException(file + " has an unexpected entry '" + entry
              + "'; it is not a Quiver snapshot");
        }
        Path out = staging.resolve(entry);
        Files.createDirectories(out.getParent());
        try (OutputStream os = Files.newOutputStream(out)) {
          budget.copy(zip, os, entry, Long.MAX_VALUE); // ZipInputStream checks each entry's CRC at its end
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
    if (!Files.exists(file)) {
      throw new IOException("collection config " + file + " is missing: the folder holds a log or checkpoints"
          + " but no " + CONFIG + "; restore the file from a backup, or delete the collection");
    }
    try {
      return CollectionConfig.fromJson(OpCodec.JSON.readTree(file.toFile()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at byte " + (at.getByteOffset() >= 0 ? at.getByteOffset() : at.getCharOffset())
          + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new IOException("collection config " + file + " is not valid JSON" + where + ": "
          + e.getOriginalMessage() + "; the file is damaged: restore it from a backup, or delete the collection", e);
    } catch (IllegalArgumentException e) {
      throw new IOException("collection config " + file + " is invalid: " + e.getMessage()
          + "; restore it from a backup, or delete the collection", e);
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
