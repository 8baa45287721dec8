package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only HNSW index searched in place over a memory-mapped version-2 index file (written by
 * {@link HnswIndex#save}; layout in {@link HnswFileLayout}): the sealed-segment form of an index.
 * The heap holds the header, the level table, chunk references and the tombstones (one bit per
 * ordinal); vectors and neighbour lists stay in the page cache. Files beyond 2 GiB are mapped in
 * chunks ({@link MappedRecords}).
 *
 * <p>Searches run the same code as {@link HnswIndex} ({@link HnswGraphSearcher}) with bit-identical
 * scores (see {@link MappedVectorValues}), so a mapped index answers exactly as the index it was
 * written from: same filters, same exact fallback, same tombstones.
 *
 * <p>Open verifies the whole file: the CRC32C of every byte, then the structure (every count, level
 * and neighbour ordinal in bounds), refusing it with a {@link CorruptIndexException} that names the
 * file and offset. That reads the file once, at memory or disk bandwidth; we pay it because a sealed
 * segment is opened rarely and searched for a long time, a bit flip in a neighbour list would
 * otherwise send searches out of bounds or silently astray, and the pages read are the ones the
 * searches want in the cache anyway. (Lucene checks only the footer of its data files on open and
 * the full checksum at merge time; we can follow it if open time on large segments starts to
 * matter.)
 *
 * <p>{@link #delete} marks tombstones in memory only (the engine keeps a sealed segment's deletes
 * in their own files and can also pass them to {@link #search(float[], int, int, Bits, Bits)}).
 * {@link #add} is refused: start a mutable index from this one with {@link #toMutable()}.
 *
 * <p>Concurrency: searches and deletes from any threads. {@link #close} drops the mapping's
 * references; searching after it fails. The mapping itself is released by the garbage collector.
 */
public final class MappedHnswIndex implements VectorIndex, Closeable {

  private final Path path;
  private final Metric metric;
  private final HnswConfig config;
  private final int dimension;
  private final int size;
  private final long fileLength;
  private volatile MappedVectorValues vectors;
  private volatile MappedHnswGraph graph;
  private final ScorerSupplier scorers;
  private final DeletedOrds deleted = new DeletedOrds();
  private final ThreadLocal<SearchState> searchState;

  private MappedHnswIndex(Path path, Metric metric, HnswConfig config, int dimension, int size, long fileLength,
      MappedVectorValues vectors, MappedHnswGraph graph) {
    this.path = path;
    this.metric = metric;
    this.config = config;
    this.dimension = dimension;
    this.size = size;
    this.fileLength = fileLength;
    this.vectors = vectors;
    this.graph = graph;
    this.scorers = vectors.scorerSupplier(metric);
    int maxConnections = config.maxConnections(0);
    this.searchState = ThreadLocal.withInitial(() -> {
      SearchState state = new SearchState();
      state.ensureNeighbors(maxConnections);
      return state;
    });
  }

  /**
   * Maps the index file at {@code path} and verifies it (see the class comment).
   *
   * @throws CorruptIndexException if the file is truncated, altered, not an index file, or of
   *     format version 1 (which {@link HnswIndex#load} still reads: load and save it to upgrade)
   */
  public static MappedHnswIndex open(Path path) throws IOException {
    return open(path, MappedRecords.DEFAULT_MAX_CHUNK_BYTES);
  }

  /** As {@link #open(Path)}, mapping in chunks of at most {@code maxChunkBytes} (tests use tiny ones). */
  static MappedHnswIndex open(Path path, long maxChunkBytes) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new MappedHnswFileReader(path, channel, maxChunkBytes).read();
    }
  }

  static MappedHnswIndex create(Path path, Metric metric, HnswConfig config, int dimension, int size,
      long fileLength, MappedVectorValues vectors, MappedHnswGraph graph, FixedBitSet tombstones) {
    MappedHnswIndex index = new MappedHnswIndex(path, metric, config, dimension, size, fileLength, vectors, graph);
    for (int ord = tombstones.nextSetBit(0); ord >= 0 && ord < size; ord = tombstones.nextSetBit(ord + 1)) {
      index.deleted.set(ord);
    }
    return index;
  }

  public Path path() {
    return path;
  }

  public HnswConfig config() {
    return config;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public Metric metric() {
    return metric;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int liveCount() {
    return size - deleted.cardinality();
  }

  @Override
  public float[] vector(int ord) {
    checkOrd(ord);
    return vectors().vector(ord);
  }

  @Override
  public boolean isDeleted(int ord) {
    return deleted.get(ord);
  }

  /** Marks {@code ord} deleted for this open index only; the file is never written. */
  @Override
  public void delete(int ord) {
    checkOrd(ord);
    deleted.set(ord);
  }

  /** Refused: a mapped index is sealed. */
  @Override
  public int add(float[] vector) {
    throw new UnsupportedOperationException("index file " + path
        + " is mapped read-only; start a mutable index from it with toMutable() to add vectors");
  }

  @Override
  public TopHits search(float[] query, int k, Bits acceptOrds) {
    return search(query, k, config.efSearch(), acceptOrds, null);
  }

  /**
   * The {@code k} live vectors closest to {@code query} among those {@code acceptOrds} accepts,
   * with {@code deletedOrds} (may be null) treated as deleted on top of this index's tombstones. As
   * {@link HnswIndex#search(float[], int, int, Bits)} otherwise.
   */
  public TopHits search(float[] query, int k, int efSearch, Bits acceptOrds, Bits deletedOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    if (efSearch <= 0) {
      throw new IllegalArgumentException("efSearch must be positive, got " + efSearch);
    }
    MappedVectorValues v = vectors();
    MappedHnswGraph g = graph;
    VectorScorer scorer = scorers.queryScorer(metric.prepare(query));
    return HnswGraphSearcher.search(g, v, scorer, size, deletions(deletedOrds), acceptOrds, k, efSearch,
        searchState.get());
  }

  /** The exact top-{@code k} over the live vectors {@code acceptOrds} accepts, as {@link HnswIndex#exactSearch}. */
  public TopHits exactSearch(float[] query, int k, Bits acceptOrds) {
    VectorIndex.checkVector(query, dimension);
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    MappedVectorValues v = vectors();
    return ExactSearcher.search(v, scorers.queryScorer(metric.prepare(query)), k, size, acceptOrds, deleted);
  }

  /** Tombstones plus the caller's deletions; the union's cardinality is unknown (-1) unless one is empty. */
  private Bits deletions(Bits extra) {
    if (extra == null || extra.cardinality() == 0) {
      return deleted;
    }
    if (deleted.cardinality() == 0) {
      return extra;
    }
    return new Bits() {
      @Override
      public boolean get(int ord) {
        return deleted.get(ord) || extra.get(ord);
      }

      @Override
      public int length() {
        return size;
      }
    };
  }

  /**
   * A new mutable on-heap index holding this one's vectors (copied), graph (same neighbours in the
   * same order; the scores pruning needs are recomputed) and tombstones, with the same
   * configuration. New vectors added to it get ordinals from {@link #size()} on. This is how a merge
   * starts from the largest input's graph and inserts the others' points.
   */
  public HnswIndex toMutable() {
    MappedVectorValues v = vectors();
    return HnswIndex.copyOf(v, graph, deleted, size, metric, config);
  }

  /** Heap held by this index: tombstones and small metadata; the mapping is not counted. */
  @Override
  public long ramBytesUsed() {
    return 256 + 31L * 96 + ((size + 63L) >>> 6) * 8;
  }

  /** Bytes of the mapped file (page cache, not heap). */
  public long mappedBytes() {
    return fileLength;
  }

  @Override
  public void close() {
    vectors = null;
    graph = null;
  }

  private MappedVectorValues vectors() {
    MappedVectorValues v = vectors;
    if (v == null) {
      throw new IllegalStateException("index file " + path + " was closed");
    }
    return v;
  }

  private void checkOrd(int ord) {
    if (ord < 0 || ord >= size) {
      throw new IllegalArgumentException("ordinal " + ord + " outside [0, " + size + ")");
    }
  }
}
