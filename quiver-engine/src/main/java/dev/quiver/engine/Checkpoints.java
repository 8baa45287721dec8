package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoints of a collection: a folder {@code checkpoint-<lsn, 20 digits>} holding
 *
 * <ul>
 *   <li>{@code points.qvp}: a checksummed file (magic "QVPT", version 1) with the LSN, the number
 *       of ordinals, then per ordinal its id (see {@link OpCodec}), a live flag and, when live, the
 *       payload as UTF-8 JSON; then the payload index schema (count, then field and type names).
 *   <li>{@code vector-<name>.qvh}: each named vector's HNSW index (vectors and graph), in the
 *       format of {@code HnswIndex.save}, so reopening does not rebuild the graph.
 * </ul>
 *
 * A checkpoint is written into {@code checkpoint-<lsn>.tmp}, every file fsync'd, then renamed into
 * place (an atomic rename) and the parent folder fsync'd: a folder without the suffix is always
 * complete. Older checkpoints and leftover temporary folders are removed after the rename.
 */
final class Checkpoints {

  static final int POINTS_MAGIC = 0x51565054; // "QVPT"
  static final int POINTS_VERSION = 1;
  private static final String PREFIX = "checkpoint-";

  private Checkpoints() {}

  record Loaded(long lsn, Segments segments) {}

  /**
   * Writes the points of {@code segments} as of {@code lsn}, which must be the LSN of the last op
   * applied to them; the caller holds writers off meanwhile. The checkpoint format holds one
   * segment, as every collection has until segments are sealed.
   */
  static void write(Path collectionDir, long lsn, Segments segments) throws IOException {
    List<Segment> all = segments.all();
    if (all.size() != 1 || !(all.get(0) instanceof MutableSegment state)) {
      throw new IllegalStateException("a checkpoint holds one in-memory segment; the collection has " + all.size());
    }
    String name = PREFIX + String.format("%020d", lsn);
    Path tmp = collectionDir.resolve(name + ".tmp");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    try (ChecksummedFileWriter out =
        ChecksummedFileWriter.create(tmp.resolve("points.qvp"), POINTS_MAGIC, POINTS_VERSION)) {
      out.writeLong(lsn);
      int size = state.size();
      out.writeInt(size);
      java.io.ByteArrayOutputStream idBytes = new java.io.ByteArrayOutputStream(17);
      for (int ord = 0; ord < size; ord++) {
        idBytes.reset();
        OpCodec.writeId(new java.io.DataOutputStream(idBytes), state.id(ord));
        out.writeBytes(idBytes.toByteArray());
        ObjectNode payload = state.deletedAt[ord] == Segment.LIVE ? state.payload(ord) : null;
        out.writeBoolean(payload != null);
        if (payload != null) {
          out.writeBytes(OpCodec.JSON.writeValueAsBytes(payload));
        }
      }
      Map<String, PayloadSchemaType> schema = segments.schema();
      out.writeInt(schema.size());
      for (Map.Entry<String, PayloadSchemaType> e : schema.entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue().name());
      }
      out.commit();
    }
    int i = 0;
    for (Map.Entry<String, HnswIndex> e : state.indexes.entrySet()) {
      e.getValue().save(tmp.resolve(indexFile(i++)));
    }
    Path target = collectionDir.resolve(name);
    deleteRecursively(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(collectionDir);
    for (Path old : list(collectionDir)) {
      if (!old.equals(target)) {
        deleteRecursively(old);
      }
    }
  }

  /** Index files are numbered in config order, so vector names need not be valid file names. */
  private static String indexFile(int i) {
    return "vector-" + i + ".qvh";
  }

  /**
   * The newest complete checkpoint folder, or null.
   *
   * @throws CorruptFileException naming a {@code checkpoint-*} folder whose name is not one this
   *     class writes: guessing which checkpoint is newest past it could load an old state
   */
  static Path newest(Path collectionDir) throws IOException {
    List<Path> all = list(collectionDir);
    for (Path p : all) {
      if (!p.getFileName().toString().endsWith(".tmp")) {
        lsnOf(p);
      }
    }
    return all.stream().filter(p -> !p.getFileName().toString().endsWith(".tmp"))
        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
  }

  /** The LSN a checkpoint folder is named for; a name this class does not write is refused. */
  static long lsnOf(Path checkpointDir) throws CorruptFileException {
    String name = checkpointDir.getFileName().toString();
    if (!name.matches("checkpoint-\\d{20}")) {
      throw new CorruptFileException("checkpoint folder " + checkpointDir + " has an unexpected name: expected "
          + PREFIX + "<LSN as 20 digits>, such as " + PREFIX + String.format("%020d", 42)
          + " (or that with .tmp while it is written); rename it if it is a checkpoint, or move it out of"
          + " the collection's folder");
    }
    return Long.parseLong(name.substring(PREFIX.length()));
  }

  /** Loads the newest checkpoint, or returns null when there is none. */
  static Loaded loadNewest(Path collectionDir, CollectionConfig config, int buildThreads)
      throws IOException {
    for (Path p : list(collectionDir)) {
      if (p.getFileName().toString().endsWith(".tmp")) {
        deleteRecursively(p); // an interrupted checkpoint: the log still holds everything
      }
    }
    Path dir = newest(collectionDir);
    if (dir == null) {
      return null;
    }
    long lsn = lsnOf(dir);
    List<PointId> ids = new ArrayList<>();
    List<ObjectNode> payloads = new ArrayList<>();
    Map<String, PayloadSchemaType> schema = new LinkedHashMap<>();
    Path pointsFile = dir.resolve("points.qvp");
    try (ChecksummedFileReader in = ChecksummedFileReader.open(pointsFile, POINTS_MAGIC, POINTS_VERSION)) {
      in.section("the header");
      long storedLsn = in.readLong();
      if (storedLsn != lsn) {
        throw new CorruptFileException(pointsFile + " holds LSN " + storedLsn
            + " but its folder is named for LSN " + lsn);
      }
      int size = in.readInt();
      in.section("the points");
      for (int ord = 0; ord < size; ord++) {
        long at = in.position();
        try {
          ids.add(OpCodec.readId(new java.io.DataInputStream(new java.io.ByteArrayInputStream(in.readBytes()))));
          payloads.add(in.readBoolean() ? (ObjectNode) OpCodec.JSON.readTree(in.readBytes()) : null);
        } catch (CorruptFileException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw damagedRecord(in, at, "a point record (ordinal " + ord + ")", e);
        }
      }
      in.section("the payload schema");
      int fields = in.readInt();
      for (int f = 0; f < fields; f++) {
        long at = in.position();
        String field = in.readString();
        String type = in.readString();
        try {
          schema.put(field, PayloadSchemaType.valueOf(type));
        } catch (IllegalArgumentException e) {
          throw damagedRecord(in, at, "a payload index entry ('" + field + "')", e);
        }
      }
      in.verifyFooter();
    }
    Map<String, HnswIndex> indexes = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      Path file = dir.resolve(indexFile(i++));
      HnswIndex index = HnswIndex.load(file);
      if (index.size() != ids.size() || index.dimension() != e.getValue().dimension()
          || index.metric() != e.getValue().metric()) {
        throw new CorruptFileException("checkpoint " + dir + ": index " + file.getFileName() + " of vector '"
            + e.getKey() + "' has " + index.size() + " vectors of dimension " + index.dimension()
            + " (" + index.metric() + ") but the checkpoint has " + ids.size() + " points and the"
            + " collection expects dimension " + e.getValue().dimension());
      }
      indexes.put(e.getKey(), index);
    }
    MutableSegment segment = new MutableSegment(0, config, buildThreads, indexes, ids, payloads, lsn);
    return new Loaded(lsn, Segments.restored(config, buildThreads, segment, schema));
  }

  /**
   * A record that does not decode. The checksum is only checked at the end of the file, so damage
   * shows up here first, as a parse error: name the file and the record's offset, not the parser's
   * position in the record's bytes.
   */
  private static CorruptFileException damagedRecord(ChecksummedFileReader in, long at, String what, Exception e) {
    String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new CorruptFileException(in.corrupt("has " + what + " that does not decode (" + why + ")", at).getMessage()
        + ": the file is damaged; restore the collection from a snapshot, or delete it");
  }

  private static List<Path> list(Path collectionDir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(collectionDir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(collectionDir, PREFIX + "*")) {
      ds.forEach(out::add);
    }
    return out;
  }

  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory for fsync; the rename is still atomic there.
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
