package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.MappedHnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.payload.PayloadIndexFile;
import dev.quiver.engine.payload.PayloadIndexes;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.segment.DeletionFile;
import dev.quiver.engine.segment.SegmentPayloadsFile;
import dev.quiver.engine.segment.SegmentPointsFile;
import dev.quiver.storage.CorruptFileException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A segment on disk that never changes after it is written: {@code seg-<number>/} holding
 *
 * <ul>
 *   <li>{@code points}: each ordinal's id and version ({@link SegmentPointsFile});
 *   <li>{@code payloads}: each ordinal's payload, CBOR, memory-mapped ({@link SegmentPayloadsFile});
 *   <li>{@code vectors-<i>.qvh}: the HNSW index of the i-th named vector (config order): vectors
 *       and graph, memory-mapped and searched in place ({@link MappedHnswIndex});
 *   <li>{@code payload-index}: its payload and text indexes ({@link PayloadIndexFile});
 *   <li>{@code id-order}: its ordinals sorted by id, for lookups and id-ordered scrolls
 *       ({@link dev.quiver.engine.segment.IdOrderFile});
 *   <li>{@code deleted-<generation>}: its deleted ordinals as of a manifest ({@link DeletionFile}).
 * </ul>
 *
 * Vectors, graphs and payloads stay off the Java heap; ids, versions, the id order, deletion LSNs
 * and the payload indexes are on it (about 40 bytes a point plus the indexes).
 */
final class SealedSegment extends Segment implements Closeable {

  final Path dir;
  private final SegmentPointsFile.Points points;
  private final SegmentPayloadsFile payloads;
  private final Map<String, MappedHnswIndex> vectors;
  private final PayloadIndexes payloadIndexes;
  private final int[] idOrder;
  /** Generation of the deletion file the last manifest names for this segment (0: none). */
  long deletionGeneration;
  /** Deleted ordinals as of that file. */
  int deletedInFile;

  private SealedSegment(int number, CollectionConfig config, Path dir, SegmentPointsFile.Points points,
      SegmentPayloadsFile payloads, Map<String, MappedHnswIndex> vectors, PayloadIndexes payloadIndexes,
      int[] idOrder) {
    super(number, config, liveArray(points.size()));
    this.dir = dir;
    this.points = points;
    this.payloads = payloads;
    this.vectors = vectors;
    this.payloadIndexes = payloadIndexes;
    this.idOrder = idOrder;
  }

  static String dirName(int number) {
    return "seg-" + number;
  }

  private static String vectorFile(int i) {
    return "vectors-" + i + ".qvh";
  }

  /**
   * Writes the first {@code size} ordinals of {@code source} (frozen: nothing is added to it
   * meanwhile) as segment {@code number} under {@code collectionDir}: into {@code seg-<n>.tmp/},
   * every file fsynced, then renamed. The payload indexes are built afresh for the points live as
   * of {@code asOfLsn} with {@code schema}. Takes no lock: everything it reads is immutable.
   */
  static Path write(Path collectionDir, int number, MutableSegment source, int size, long asOfLsn,
      Map<String, PayloadSchemaType> schema) throws IOException {
    Path target = collectionDir.resolve(dirName(number));
    Path tmp = collectionDir.resolve(dirName(number) + ".tmp");
    Checkpoints.deleteRecursively(tmp);
    Files.createDirectories(tmp);
    SegmentPointsFile.write(tmp.resolve("points"), number, size, source::id, source::version);
    long[] deadAt = source.deletedAt;
    SegmentPayloadsFile.write(tmp.resolve("payloads"), number, size,
        ord -> deadAt[ord] > asOfLsn ? source.payload(ord) : null); // a dead ordinal's payload is never read
    int i = 0;
    for (Map.Entry<String, HnswIndex> e : source.indexes.entrySet()) {
      e.getValue().save(tmp.resolve(vectorFile(i++)));
    }
    PayloadIndexes indexes = new PayloadIndexes();
    long[] deletedAt = source.deletedAt;
    for (Map.Entry<String, PayloadSchemaType> e : schema.entrySet()) {
      indexes.create(e.getKey(), e.getValue(), ord -> deletedAt[ord] > asOfLsn ? source.payload(ord) : null, size);
    }
    if (schema.isEmpty()) {
      // No index to fill the live set: record it anyway, so must_not and is_empty have a universe.
      for (int ord = 0; ord < size; ord++) {
        if (deletedAt[ord] > asOfLsn) {
          indexes.add(ord, source.payload(ord));
        }
      }
    }
    PayloadIndexFile.write(tmp.resolve("payload-index"), indexes, size);
    dev.quiver.engine.segment.IdOrderFile.write(tmp.resolve("id-order"), number, source.idOrder(size));
    Checkpoints.deleteRecursively(target);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Checkpoints.fsyncDirectory(collectionDir);
    return target;
  }

  /**
   * Opens segment {@code number} as a manifest names it: {@code points} ordinals, deletion file
   * {@code deletionGeneration} (0: none) holding {@code deleted} of them. Deleted ordinals count as
   * deleted at LSN 0, before any view. Indexes of {@code schema} the segment's file lacks (created
   * after it was sealed) are built from its payloads; fields it has that the schema lacks are dropped.
   */
  static SealedSegment open(Path collectionDir, int number, int pointCount, long deletionGeneration, int deleted,
      CollectionConfig config, Map<String, PayloadSchemaType> schema) throws IOException {
    Path dir = collectionDir.resolve(dirName(number));
    if (!Files.isDirectory(dir)) {
      throw new CorruptFileException("segment folder " + dir + " is missing, but the manifest names it: the"
          + " collection is damaged; restore it from a snapshot, or delete it");
    }
    SegmentPointsFile.Points points = SegmentPointsFile.read(dir.resolve("points"), number, pointCount);
    SegmentPayloadsFile payloads = SegmentPayloadsFile.open(dir.resolve("payloads"), number, pointCount);
    Map<String, MappedHnswIndex> vectors = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      Path file = dir.resolve(vectorFile(i++));
      MappedHnswIndex index = MappedHnswIndex.open(file);
      if (index.size() != pointCount || index.dimension() != e.getValue().dimension()
          || index.metric() != e.getValue().metric()) {
        throw new CorruptFileException("segment " + dir + ": " + file.getFileName() + " of vector '" + e.getKey()
            + "' has " + index.size() + " vectors of dimension " + index.dimension() + " (" + index.metric()
            + ") but the segment has " + pointCount + " points and the collection expects dimension "
            + e.getValue().dimension() + " (" + e.getValue().metric() + ")");
      }
      vectors.put(e.getKey(), index);
    }
    PayloadIndexes indexes = PayloadIndexFile.read(dir.resolve("payload-index"), pointCount);
    int[] order = dev.quiver.engine.segment.IdOrderFile.read(dir.resolve("id-order"), number, pointCount);
    SealedSegment s = new SealedSegment(number, config, dir, points, payloads, vectors, indexes, order);
    if (deletionGeneration > 0) {
      FixedBitSet bits = DeletionFile.read(dir, number, deletionGeneration, pointCount, deleted);
      for (int ord = bits.nextSetBit(0); ord >= 0 && ord < pointCount; ord = bits.nextSetBit(ord + 1)) {
        s.deletedAt[ord] = 0;
        s.deletedCount++;
      }
      s.deletionGeneration = deletionGeneration;
      s.deletedInFile = deleted;
    }
    Map<String, PayloadSchemaType> have = indexes.schema();
    for (Map.Entry<String, PayloadSchemaType> e : schema.entrySet()) {
      if (have.get(e.getKey()) != e.getValue()) {
        indexes.create(e.getKey(), e.getValue(), ord -> s.deletedAt[ord] == LIVE ? s.payload(ord) : null, pointCount);
      }
    }
    for (String field : have.keySet()) {
      if (!schema.containsKey(field)) {
        indexes.drop(field);
      }
    }
    return s;
  }

  /** The deleted ordinals as of {@code lsn} (for a deletion file). */
  FixedBitSet deletedAsOf(long lsn) {
    FixedBitSet bits = new FixedBitSet(size());
    long[] at = deletedAt;
    for (int ord = 0; ord < at.length; ord++) {
      if (at[ord] <= lsn) {
        bits.set(ord);
      }
    }
    return bits;
  }

  @Override
  int size() {
    return points.size();
  }

  long minLsn() {
    return points.size() == 0 ? 0 : points.minLsn();
  }

  long maxLsn() {
    return points.size() == 0 ? 0 : points.maxLsn();
  }

  @Override
  PointId id(int ord) {
    return points.id(ord);
  }

  @Override
  ObjectNode payload(int ord) {
    return payloads.payload(ord);
  }

  @Override
  long version(int ord) {
    return points.lsn(ord);
  }

  @Override
  float[] vector(String name, int ord) {
    return vectors.get(name).vector(ord);
  }

  @Override
  TopHits search(String name, float[] query, int k, int ef, Bits accept, Bits deleted) {
    return vectors.get(name).search(query, k, ef, accept, deleted);
  }

  @Override
  TopHits exactSearch(String name, float[] query, int k, Bits accept, Bits deleted) {
    Bits both = new Bits() {
      @Override
      public boolean get(int ord) {
        return !deleted.get(ord) && (accept == null || accept.get(ord));
      }

      @Override
      public int length() {
        return size();
      }
    };
    return vectors.get(name).exactSearch(query, k, both);
  }

  @Override
  PayloadIndexes payloadIndexes() {
    return payloadIndexes;
  }

  @Override
  int[] ordsOf(PointId id) {
    int lo = first(id);
    int hi = lo;
    while (hi < idOrder.length && points.id(idOrder[hi]).equals(id)) {
      hi++;
    }
    int[] out = new int[hi - lo];
    for (int i = lo; i < hi; i++) {
      out[i - lo] = idOrder[i];
    }
    java.util.Arrays.sort(out);
    return out;
  }

  /** Position in {@link #idOrder} of the first id at or after {@code id}. */
  private int first(PointId id) {
    int lo = 0;
    int hi = idOrder.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (points.id(idOrder[mid]).compareTo(id) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  IdCursor cursor(PointId from) {
    int start = from == null ? 0 : first(from);
    return new IdCursor() {
      int i = start - 1;

      @Override
      public boolean next() {
        return ++i < idOrder.length;
      }

      @Override
      public PointId id() {
        return points.id(idOrder[i]);
      }

      @Override
      public int ord() {
        return idOrder[i];
      }
    };
  }

  @Override
  boolean growing() {
    return false;
  }

  @Override
  long mappedBytes() {
    long n = payloads.mappedBytes();
    for (MappedHnswIndex v : vectors.values()) {
      n += v.mappedBytes();
    }
    return n;
  }

  /** Heap held: ids, versions, id order, deletion LSNs, payload indexes. */
  long ramBytesUsed() {
    return points.ramBytesUsed() + idOrder.length * 4L + deletedAt.length * 8L + payloadIndexes.ramBytesUsed();
  }

  /** The mapped vector index of {@code name} (a merge starts from the largest input's graph). */
  MappedHnswIndex vectorIndex(String name) {
    return vectors.get(name);
  }

  @Override
  public void close() {
    payloads.close();
    vectors.values().forEach(MappedHnswIndex::close);
  }
}
