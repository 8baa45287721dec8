package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.payload.Payloads;
import dev.quiver.storage.WalCorruptedException;
import dev.quiver.storage.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A collection inside this JVM. The write path: validate, append one record to the write-ahead log
 * (durable per the database's policy), apply it to the collection's {@link Segments}, publish the
 * new {@link SegmentView}, acknowledge. When the log since the last checkpoint grows past the
 * configured size, the points are written to a new checkpoint and the log before it is dropped, so
 * recovery time stays bounded.
 *
 * <p>Concurrency: reads (search, get, scroll, count, hybrid, reports) take the current view and
 * hold no lock: they never wait for a write, a checkpoint or a compaction. A write runs in three
 * steps: under {@code logOrder} it gets its LSN and hands its record to the OS; with no lock held
 * it waits for the fsync (so concurrent writers share one); then it waits its turn ({@code
 * appliedLsn}) and applies under {@code applyLock}, publishing the view of its LSN, so apply order
 * equals log order and nothing is visible before it is durable.
 */
public final class EmbeddedCollection implements VectorCollection {

  private static final System.Logger LOG = System.getLogger(EmbeddedCollection.class.getName());

  private final String name;
  private final Path dir;
  private final QuiverConfig dbConfig;
  private final CollectionConfig config;
  /** The write side; guarded by {@code applyLock} (replaced whole by a compaction under it). */
  private Segments segments;
  /** What reads see: the view of the last applied write. */
  private final AtomicReference<SegmentView> view = new AtomicReference<>();
  /** While a compaction builds its copy: the ops applied meanwhile, to replay on it. Guarded by applyLock. */
  private List<Logged> appliedDuringCompaction;
  /** The background compaction thread in flight, or null. */
  private final AtomicReference<Thread> compactor = new AtomicReference<>();
  /** Compactions completed (on demand or in the background); for tests and logs. */
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong seals = new AtomicLong();
  private final AtomicLong merges = new AtomicLong();
  /** The last seals and merges, newest last (bounded), for benchmarks and operators. */
  private final java.util.concurrent.ConcurrentLinkedDeque<MaintenanceEvent> events =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  /**
   * A seal or merge that completed.
   *
   * @param kind "seal" or "merge"
   * @param points points written into the new segment
   * @param millis wall time it took (a seal: freeze to commit; a merge: build to commit)
   * @param segments segments the collection had right after it
   */
  public record MaintenanceEvent(String kind, long points, long millis, int segments) {}

  /** The seals and merges completed since the last call (at most the last 1,000), oldest first. */
  public List<MaintenanceEvent> drainMaintenanceEvents() {
    List<MaintenanceEvent> out = new ArrayList<>();
    for (MaintenanceEvent e; (e = events.pollFirst()) != null; ) {
      out.add(e);
    }
    return out;
  }

  private void recordEvent(String kind, long points, long started) {
    events.addLast(new MaintenanceEvent(kind, points, (System.nanoTime() - started) / 1_000_000,
        view.get().parts.length));
    while (events.size() > 1000) {
      events.pollFirst();
    }
  }
  /** Segment numbers of merges in flight: their folders are not yet named by any manifest. */
  private final java.util.Set<Integer> merging = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Background threads started and not yet joined (see {@link #awaitCompaction}). */
  private final java.util.Queue<Thread> started = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** The background merge thread in flight, or null. */
  private final AtomicReference<Thread> merger = new AtomicReference<>();
  /** Paces merges; unlimited unless configured. */
  private final dev.quiver.engine.segment.MergeRateLimiter mergeLimiter =
      new dev.quiver.engine.segment.MergeRateLimiter(0);
  /** The newest committed manifest, or null before the first seal; written under {@code checkpointLock}. */
  private volatile dev.quiver.engine.segment.Manifest manifest;
  private final WriteAheadLog wal;
  private final Vectorizer vectorizer;
  /** Held to apply a write and publish its view, and by checkpoints to hold writers off. */
  private final ReentrantLock applyLock = new ReentrantLock();
  /** Orders log appends (held only while a record is handed to the OS). */
  private final ReentrantLock logOrder = new ReentrantLock();
  /** LSN of the last record applied to {@code state}; guarded by {@code applyTurn}. */
  private long appliedLsn;
  private final Object applyTurn = new Object();
  /** Serialises checkpoints; guarded by itself. */
  private final ReentrantLock checkpointLock = new ReentrantLock();
  /** Last LSN applied; written under {@code applyLock}. */
  private volatile long lastLsn;
  /** LSN of the newest durable checkpoint; written under {@code checkpointLock}. */
  private volatile long checkpointLsn;
  private volatile long walBytesAtCheckpoint;
  private volatile boolean closed;
  /** Set once by {@link #open}. */
  private RecoveryReport recovery;

  /** An op and the LSN it was logged at. */
  private record Logged(Op op, long lsn) {}

  private EmbeddedCollection(String name, Path dir, QuiverConfig dbConfig, Segments segments,
      WriteAheadLog wal, long checkpointLsn) {
    this.name = name;
    this.dir = dir;
    this.dbConfig = dbConfig;
    this.config = segments.config;
    this.segments = segments;
    this.wal = wal;
    this.vectorizer = new Vectorizer(name, config, dbConfig.models());
    this.checkpointLsn = checkpointLsn;
    this.lastLsn = checkpointLsn;
  }

  /** The log's end marker, beside (not in) the log folder, so that it outlives a deleted log. */
  static final String WAL_END_MARKER = "wal.end";

  /**
   * Replay queues the vector index work of this many new points (per named vector) and then
   * indexes them as one batch on the build threads (see {@link MutableSegment#deferIndexing}).
   * Bounds the vectors held meanwhile (8,192 × 384-d is 12 MiB).
   */
  static final int REPLAY_INDEX_BATCH = 8192;

  /**
   * Opens (recovering) the collection stored in {@code dir}.
   *
   * @throws WalCorruptedException if its log is damaged or has lost acknowledged records (a deleted
   *     or cut segment) and {@link QuiverConfig#acceptLogLoss()} is false; the message says what
   *     was found and how to open it anyway
   */
  static EmbeddedCollection open(String name, Path dir, CollectionConfig config, QuiverConfig dbConfig)
      throws IOException {
    long started = System.nanoTime();
    dev.quiver.engine.segment.Manifest manifest = dev.quiver.engine.segment.ManifestFile.readNewest(dir);
    Segments state;
    long ckpt;
    boolean upgrade = false;
    if (manifest != null) {
      Map<String, PayloadSchemaType> schema = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : manifest.payloadSchema().entrySet()) {
        try {
          schema.put(e.getKey(), PayloadSchemaType.valueOf(e.getValue()));
        } catch (IllegalArgumentException bad) {
          throw new dev.quiver.storage.CorruptFileException("manifest " + dir.resolve(
              dev.quiver.engine.segment.ManifestFile.fileName(manifest.generation())) + " names payload index type '"
              + e.getValue() + "' for '" + e.getKey() + "', expected one of "
              + java.util.Arrays.toString(PayloadSchemaType.values()));
        }
      }
      List<SealedSegment> sealed = new ArrayList<>();
      for (dev.quiver.engine.segment.Manifest.SegmentEntry e : manifest.segments()) {
        sealed.add(SealedSegment.open(dir, e.number(), e.points(), e.deletionGeneration(), e.deleted(), config, schema));
      }
      state = Segments.fromManifest(config, dbConfig.buildThreads(), sealed, manifest.nextSegment(), schema);
      ckpt = manifest.walLsn();
      removeUnreferenced(dir, manifest); // an interrupted seal or merge, older commits
    } else {
      // No manifest: a new collection, or a folder of the previous format, converted below.
      Checkpoints.Loaded loaded = Checkpoints.loadNewest(dir, config, dbConfig.buildThreads());
      state = loaded != null ? loaded.segments() : new Segments(config, dbConfig.buildThreads());
      ckpt = loaded != null ? loaded.lsn() : 0;
      upgrade = loaded != null;
      removeStraySegments(dir);
    }
    WriteAheadLog wal;
    try {
      wal = WriteAheadLog.open(dir.resolve("wal"), dbConfig.durability(), ckpt + 1, dbConfig.walSegmentBytes(),
          dir.resolve(WAL_END_MARKER), dbConfig.acceptLogLoss());
    } catch (WalCorruptedException e) {
      throw new WalCorruptedException("collection '" + name + "' cannot be opened: " + e.getMessage()
          + " To open it with what is left (losing those records), set QuiverConfig.withAcceptLogLoss(true),"
          + " or start the server with 'quiver serve --accept-log-loss' or QUIVER_ACCEPT_LOG_LOSS=true.", e);
    }
    EmbeddedCollection c = new EmbeddedCollection(name, dir, dbConfig, state, wal, ckpt);
    long replayStarted = System.nanoTime();
    long[] replayed = {0, 0};
    try {
      state.mutable().deferIndexing();
      wal.replay(ckpt, (lsn, record) -> {
        state.apply(OpCodec.decode(record), lsn);
        c.lastLsn = lsn;
        replayed[0]++;
        replayed[1] += record.length;
        if (state.mutable().pendingVectorCount() >= REPLAY_INDEX_BATCH) {
          state.mutable().flushIndexing();
          state.mutable().deferIndexing();
        }
      });
      state.mutable().flushIndexing();
      c.view.set(state.view(c.lastLsn));
    } catch (IOException | RuntimeException | Error e) {
      wal.close();
      throw e;
    }
    c.manifest = manifest;
    if (upgrade) {
      c.checkpointLock.lock();
      try {
        c.sealLocked(true); // the checkpoint becomes the first segment and manifest; the folder is then removed
      } catch (IOException | RuntimeException e) {
        wal.close();
        throw e;
      } finally {
        c.checkpointLock.unlock();
      }
      LOG.log(System.Logger.Level.INFO, "collection ''{0}'': converted from a checkpoint to segments", name);
    }
    long now = System.nanoTime();
    c.walBytesAtCheckpoint = replayed[0] == 0 || upgrade ? wal.sizeBytes() : 0;
    c.appliedLsn = wal.lastLsn();
    c.recovery = new RecoveryReport(ckpt, replayed[0], replayed[1], (now - replayStarted) / 1_000_000,
        (now - started) / 1_000_000);
    LOG.log(System.Logger.Level.INFO, "collection ''{0}'': {1} points, checkpoint at LSN {2}; replayed {3} log"
        + " records ({4} bytes) in {5} ms on {6} threads; opened in {7} ms", name, state.liveCount(), ckpt,
        replayed[0], replayed[1], c.recovery.replayMillis(), dbConfig.buildThreads(), c.recovery.openMillis());
    return c;
  }

  /** Removes segment folders a collection without a manifest has (a first seal killed before its commit). */
  private static void removeStraySegments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().startsWith("seg-")) {
          Checkpoints.deleteRecursively(p);
        }
      }
    }
  }

  /** What opening this collection took (checkpoint loaded, log replayed, time). */
  public RecoveryReport recovery() {
    return recovery;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CollectionConfig config() {
    return config;
  }

  Path dir() {
    return dir;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void upsert(List<Point> points) {
    if (points.isEmpty()) {
      return;
    }
    points = vectorizer.fillVectors(points);
    for (int i = 0; i < points.size(); i++) {
      checkPoint(points.get(i), i);
    }
    write(new Op.Upsert(points));
  }

  @Override
  public long delete(List<PointId> ids) {
    long[] existing = {0};
    logAndApply(new Op.Delete(List.copyOf(ids)),
        () -> existing[0] = ids.stream().distinct()
            .filter(id -> segments.ids.get(id) != dev.quiver.engine.segment.IdLocations.ABSENT).count(), false);
    maybeCheckpoint();
    return existing[0];
  }

  @Override
  public long delete(Filter filter) {
    requireFilter(filter);
    // The ids are chosen from a state that has applied every earlier write, and no write can be
    // logged between choosing and logging, so the delete sees exactly the points before it.
    AtomicReference<List<PointId>> ids = new AtomicReference<>();
    logAndApply(null, () -> {}, true, () -> {
      ids.set(matchingIds(view.get(), filter));
      return ids.get().isEmpty() ? null : new Op.Delete(ids.get());
    });
    maybeCheckpoint();
    return ids.get().size();
  }

  @Override
  public void setPayload(List<PointId> ids, ObjectNode payload) {
    write(new Op.SetPayload(List.copyOf(ids), requirePayload(payload), false));
  }

  @Override
  public void overwritePayload(List<PointId> ids, ObjectNode payload) {
    write(new Op.SetPayload(List.copyOf(ids), requirePayload(payload), true));
  }

  @Override
  public void deletePayloadKeys(List<PointId> ids, List<String> keys) {
    for (String key : keys) {
      Payloads.checkKey("payload key", key);
    }
    write(new Op.DeletePayloadKeys(List.copyOf(ids), List.copyOf(keys)));
  }

  @Override
  public void createPayloadIndex(String field, PayloadSchemaType type) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("payload index field must be a non-empty key, got '" + field + "'");
    }
    Payloads.checkKey("payload index field", field);
    if (type == null) {
      throw new IllegalArgumentException("payload index type is required");
    }
    write(new Op.CreatePayloadIndex(field, type));
  }

  @Override
  public void dropPayloadIndex(String field) {
    Payloads.checkKey("payload index field", field);
    Map<String, PayloadSchemaType> schema = view.get().schema;
    if (!schema.containsKey(field)) {
      throw new IllegalArgumentException("collection '" + name + "' has no payload index on '"
          + field + "'; indexed fields: " + schema.keySet());
    }
    write(new Op.DropPayloadIndex(field));
  }

  private void write(Op op) {
    logAndApply(op, () -> {}, false);
    maybeCheckpoint();
  }

  private void logAndApply(Op op, Runnable beforeApply, boolean drainFirst) {
    logAndApply(op, beforeApply, drainFirst, null);
  }

  /**
   * Logs {@code op} (or the op {@code decide} returns once every earlier write is applied; null:
   * nothing to write), waits until it is durable, then applies it in log order, running {@code
   * beforeApply} under {@code applyLock} just before. Takes no lock on entry.
   */
  private void logAndApply(Op op, Runnable beforeApply, boolean drainFirst,
      java.util.function.Supplier<Op> decide) {
    byte[] record = op == null ? null : OpCodec.encode(op);
    long lsn;
    logOrder.lock();
    try {
      ensureOpen();
      if (drainFirst) {
        awaitApplied(wal.lastLsn());
      }
      if (decide != null) {
        op = decide.get();
        if (op == null) {
          return;
        }
        record = OpCodec.encode(op);
      }
      lsn = wal.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException("collection '" + name + "': could not write the log", e);
    } finally {
      logOrder.unlock();
    }
    try {
      try {
        wal.awaitDurable(lsn);
      } catch (IOException e) {
        throw new UncheckedIOException("collection '" + name + "': could not write the log", e);
      }
      awaitApplied(lsn - 1);
      applyLock.lock();
      try {
        beforeApply.run();
        segments.apply(op, lsn);
        if (appliedDuringCompaction != null) {
          appliedDuringCompaction.add(new Logged(op, lsn));
        }
        lastLsn = lsn;
        view.set(segments.view(lsn));
      } finally {
        applyLock.unlock();
      }
    } finally {
      // Always pass the turn on, even on failure: a later writer must not wait forever. After a
      // log failure the log refuses every later write, so nothing unlogged is applied after it.
      synchronized (applyTurn) {
        if (appliedLsn < lsn) {
          appliedLsn = lsn;
        }
        applyTurn.notifyAll();
      }
    }
  }

  /** Waits until every record up to {@code lsn} has been applied (or has failed). */
  private void awaitApplied(long lsn) {
    boolean interrupted = false;
    synchronized (applyTurn) {
      while (appliedLsn < lsn) {
        try {
          applyTurn.wait();
        } catch (InterruptedException e) {
          interrupted = true; // the record is logged; leaving would break the apply order
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkPoint(Point p, int index) {
    Payloads.check(p.payload(), "the payload of point " + p.id() + " (#" + index + " in the batch)");
    Map<String, VectorParams> declared = config.vectors();
    for (String vectorName : p.vectors().keySet()) {
      if (!declared.containsKey(vectorName)) {
        throw new IllegalArgumentException("point " + p.id() + " has vector '" + vectorName
            + "', but collection '" + name + "' declares only " + declared.keySet());
      }
    }
    for (Map.Entry<String, VectorParams> e : declared.entrySet()) {
      float[] v = p.vectors().get(e.getKey());
      String label = declared.size() == 1 ? "vector" : "vector '" + e.getKey() + "'";
      if (v == null) {
        throw new IllegalArgumentException("point " + p.id() + " (#" + index + " in the batch) lacks its "
            + label + "; collection '" + name + "' requires " + declared.keySet());
      }
      if (v.length != e.getValue().dimension()) {
        throw new IllegalArgumentException(label + " of point " + p.id() + " has dimension " + v.length
            + ", collection '" + name + "' expects " + e.getValue().dimension());
      }
      for (int i = 0; i < v.length; i++) {
        if (!Float.isFinite(v[i])) {
          throw new IllegalArgumentException(label + " of point " + p.id() + " has " + v[i]
              + " at position " + i + "; only finite numbers are allowed");
        }
      }
      if (e.getValue().metric() == Metric.COSINE && isZero(v)) {
        throw new IllegalArgumentException(label + " of point " + p.id()
            + " is all zeros, which has no direction for cosine similarity");
      }
    }
  }

  private static boolean isZero(float[] v) {
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode requirePayload(ObjectNode payload) {
    if (payload == null) {
      throw new IllegalArgumentException("payload must be a JSON object, got null");
    }
    Payloads.check(payload, "the payload");
    return payload.deepCopy();
  }

  private static void requireFilter(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("delete by filter needs a filter; to delete everything,"
          + " delete the collection");
    }
  }

  // ---------------------------------------------------------------- reads

  /** The view reads run on; refuses once the collection is closed. */
  private SegmentView readView() {
    ensureOpen();
    return view.get();
  }

  @Override
  public List<Point> get(List<PointId> ids, boolean withPayload, boolean withVectors) {
    SegmentView v = readView();
    List<Point> out = new ArrayList<>();
    for (PointId id : ids) {
      int ord = v.find(id);
      if (ord >= 0) {
        out.add(pointAt(v, ord, withPayload, withVectors));
      }
    }
    return out;
  }

  @Override
  public ScrollPage scroll(ScrollRequest request) {
    SegmentView v = readView();
    // Merge the segments' id-ordered cursors; a view sees at most one version of an id.
    java.util.PriorityQueue<PartCursor> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparing((PartCursor c) -> c.cursor.id()));
    for (int p = 0; p < v.parts.length; p++) {
      PartCursor c = new PartCursor(v, p, request.offset());
      if (c.advance()) {
        queue.add(c);
      }
    }
    List<Point> page = new ArrayList<>();
    while (!queue.isEmpty()) {
      PartCursor c = queue.poll();
      PointId id = c.cursor.id();
      int ord = c.cursor.ord();
      if (request.filter() == null || FilterPlanner.matches(c.part, request.filter(), ord)) {
        if (page.size() == request.limit()) {
          return new ScrollPage(page, id);
        }
        page.add(pointAt(v, v.base(c.index) + ord, request.withPayload(), request.withVectors()));
      }
      if (c.advance()) {
        queue.add(c);
      }
    }
    return new ScrollPage(page, null);
  }

  /** A segment's id-ordered cursor, skipping what the view does not see. */
  private static final class PartCursor {
    final SegmentView.Part part;
    final int index;
    final Segment.IdCursor cursor;

    PartCursor(SegmentView v, int index, PointId from) {
      this.part = v.parts[index];
      this.index = index;
      this.cursor = part.segment.cursor(from);
    }

    boolean advance() {
      while (cursor.next()) {
        if (part.live(cursor.ord())) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public long count(Filter filter) {
    SegmentView v = readView();
    if (filter == null) {
      return v.liveCount();
    }
    long n = 0;
    for (SegmentView.Part part : v.parts) {
      if (part.liveCount() > 0) {
        n += FilterPlanner.count(part, filter);
      }
    }
    return n;
  }

  @Override
  public List<ScoredPoint> search(SearchRequest request) {
    if (request.media() != null) {
      request = request.withVector(vectorizer.embedMediaQuery(request.using(), request.media()));
    } else if (request.vector() == null) {
      request = request.withVector(vectorizer.embedQuery(request.using(), request.text()));
    }
    SegmentView v = readView();
    VectorParams params = config.vectors().get(request.using());
    if (params == null) {
      throw new IllegalArgumentException("collection '" + name + "' has no vector '" + request.using()
          + "'; it has " + config.vectors().keySet());
    }
    float[] q = request.vector();
    if (q.length != params.dimension()) {
      throw new IllegalArgumentException("query vector has dimension " + q.length + ", collection '"
          + name + "' expects " + params.dimension());
    }
    for (int i = 0; i < q.length; i++) {
      if (!Float.isFinite(q[i])) {
        throw new IllegalArgumentException("query vector has " + q[i] + " at position " + i
            + "; only finite numbers are allowed");
      }
    }
    int ef = request.efSearch() != null ? request.efSearch() : params.hnsw().efSearch();
    TopHits hits = ViewSearch.vectors(v, request.using(), q, request.limit(), ef, request.exact(), request.filter());
    List<ScoredPoint> out = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      int ord = hits.ords()[i];
      float score = params.metric() == Metric.EUCLIDEAN
          ? params.metric().distance(hits.scores()[i]) : hits.scores()[i];
      out.add(new ScoredPoint(v.id(ord), score,
          request.withPayload() ? v.payload(ord).deepCopy() : null,
          request.withVectors() ? vectorsAt(v, ord) : null));
    }
    return out;
  }

  @Override
  public List<ScoredPoint> searchHybrid(dev.quiver.engine.text.HybridSearchRequest request) {
    float[] vector = HybridSearch.queryVector(request, config, vectorizer); // a model call: before the view
    SegmentView v = readView();
    return HybridSearch.search(name, config, v, request, vector, false, ord -> vectorsAt(v, ord));
  }

  @Override
  public List<ScoredPoint> keywordSearch(dev.quiver.engine.text.HybridSearchRequest request) {
    SegmentView v = readView();
    return HybridSearch.search(name, config, v, request, null, true, ord -> vectorsAt(v, ord));
  }

  @Override
  public CollectionInfo info() {
    SegmentView v = readView();
    long mapped = 0;
    int segmentCount = 0;
    for (SegmentView.Part p : v.parts) {
      mapped += p.segment.mappedBytes();
      if (p.visible > 0) {
        segmentCount++; // an empty mutable segment holds no points: not counted
      }
    }
    return new CollectionInfo(name, config, v.liveCount(), v.deletedCount(), v.schema, wal.sizeBytes(),
        folderBytes(), v.lsn, "green", segmentCount, mapped, merges.get() + compactions.get());
  }

  /**
   * The health report of this collection's data (see {@link dev.quiver.engine.quality.HealthInspector}),
   * on the current view: writes go on meanwhile and are simply not in the report.
   */
  public dev.quiver.engine.quality.HealthReport inspect(dev.quiver.engine.quality.HealthOptions options) {
    SegmentView v = readView();
    int[] ords = new int[(int) v.liveCount()];
    List<PointId> ids = new ArrayList<>(ords.length);
    List<ObjectNode> payloads = new ArrayList<>(ords.length);
    java.util.PriorityQueue<PartCursor> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparing((PartCursor c) -> c.cursor.id()));
    for (int p = 0; p < v.parts.length; p++) {
      PartCursor c = new PartCursor(v, p, null);
      if (c.advance()) {
        queue.add(c);
      }
    }
    int i = 0;
    while (!queue.isEmpty()) {
      PartCursor c = queue.poll();
      ords[i++] = v.base(c.index) + c.cursor.ord();
      ids.add(c.cursor.id());
      payloads.add(c.part.segment.payload(c.cursor.ord())); // never mutated after it is stored
      if (c.advance()) {
        queue.add(c);
      }
    }
    Map<String, dev.quiver.engine.quality.KnnSource> sources = new LinkedHashMap<>();
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      String vector = e.getKey();
      sources.put(vector, new dev.quiver.engine.quality.KnnSource() {
        @Override
        public int size() {
          return v.ords();
        }

        @Override
        public float[] vector(int ord) {
          return v.vector(vector, ord);
        }

        @Override
        public TopHits search(float[] query, int k, int efSearch, Bits accept) {
          // The view hides exactly what the report leaves out (points it does not see).
          return ViewSearch.vectors(v, vector, query, k, efSearch, false, null);
        }
      });
    }
    dev.quiver.engine.quality.HealthInspector.Snapshot snapshot = new dev.quiver.engine.quality.HealthInspector
        .Snapshot(name, ords, ids, payloads, config.vectors(), sources);
    if (options.threads() == 0) {
      options = options.withThreads(dbConfig.buildThreads());
    }
    return dev.quiver.engine.quality.HealthInspector.inspect(snapshot, options);
  }

  private static List<PointId> matchingIds(SegmentView v, Filter filter) {
    List<PointId> ids = new ArrayList<>();
    for (SegmentView.Part part : v.parts) {
      if (part.liveCount() == 0) {
        continue;
      }
      Bits bits = FilterPlanner.plan(part, filter);
      for (int ord = 0; ord < part.visible; ord++) {
        if (part.live(ord) && bits.get(ord)) {
          ids.add(part.segment.id(ord));
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  private Point pointAt(SegmentView v, int ord, boolean withPayload, boolean withVectors) {
    return new Point(v.id(ord), withVectors ? vectorsAt(v, ord) : Map.of(),
        withPayload ? v.payload(ord).deepCopy() : null);
  }

  private Map<String, float[]> vectorsAt(SegmentView v, int ord) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String n : config.vectors().keySet()) {
      out.put(n, v.vector(n, ord).clone());
    }
    return out;
  }

  private long folderBytes() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // a file removed while we walked (old checkpoint or log segment)
        }
      }).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  // ---------------------------------------------------------------- checkpoints

  private void maybeCheckpoint() {
    // A writer never waits for a seal: the seal runs on its own thread and covers the log so far;
    // the next write past the threshold starts another.
    if (wal.sizeBytes() - walBytesAtCheckpoint >= dbConfig.checkpointLogBytes()) {
      startBackground();
    }
  }

  /**
   * Starts a seal (then a compaction, if dead vectors passed the threshold) on its own thread
   * unless one is in flight: no writer waits for it.
   */
  private void startBackground() {
    if (closed || compactor.get() != null) {
      return;
    }
    Thread t = Thread.ofPlatform().daemon().name("quiver-seal-" + name).unstarted(() -> {
      try {
        checkpoint();
        startMerges();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "collection ''{0}'': background seal or compaction failed: {1}", name,
              e.toString());
        }
      } finally {
        compactor.set(null);
      }
    });
    if (compactor.compareAndSet(null, t)) {
      started.removeIf(old -> !old.isAlive()); // ended ones need no join
      started.add(t);
      t.start();
    }
  }

  /** Waits until no background seal or merge is in flight. */
  void awaitCompaction() throws InterruptedException {
    // Join the threads themselves: each clears its reference in a finally block just before it
    // ends, so a cleared reference does not mean the thread is gone.
    while (true) {
      Thread t = compactor.get();
      Thread m = merger.get();
      if (t != null) {
        t.join();
      }
      if (m != null) {
        m.join();
      }
      for (Thread s : started) {
        s.join();
        started.remove(s);
      }
      if (compactor.get() == null && merger.get() == null && started.isEmpty()) {
        return;
      }
    }
  }

  /** Merges completed; for tests and logs. */
  long merges() {
    return merges.get();
  }

  /**
   * Starts the merge thread unless one runs: it asks the merge policy for merges of the sealed
   * segments and runs them one at a time until the policy proposes none. Seals, writes and reads
   * go on meanwhile; only the commit of a merge waits for a seal in flight.
   */
  private void startMerges() {
    if (closed || merger.get() != null) {
      return;
    }
    Thread t = Thread.ofPlatform().daemon().name("quiver-merge-" + name).unstarted(() -> {
      try {
        for (int i = 0; i < 1000 && !closed && !Thread.currentThread().isInterrupted(); i++) {
          dev.quiver.engine.segment.OneMerge m = nextMerge();
          if (m == null) {
            break;
          }
          runMerge(m);
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "collection ''{0}'': background merge failed: {1}", name, e.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        merger.set(null);
      }
    });
    if (merger.compareAndSet(null, t)) {
      started.removeIf(old -> !old.isAlive()); // ended ones need no join
      started.add(t);
      t.start();
    }
  }

  private dev.quiver.engine.segment.OneMerge nextMerge() {
    List<dev.quiver.engine.segment.SegmentStats> stats = new ArrayList<>();
    applyLock.lock();
    try {
      if (closed) {
        return null;
      }
      for (SealedSegment s : segments.sealed()) {
        stats.add(new dev.quiver.engine.segment.SegmentStats(s.number, s.size(), s.deletedCount, s.mappedBytes()));
      }
    } finally {
      applyLock.unlock();
    }
    List<dev.quiver.engine.segment.OneMerge> found = dbConfig.mergePolicy().findMerges(stats, java.util.Set.of());
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Runs one merge: its inputs' points live as of now are written as a new segment (no lock held),
   * then, under {@code checkpointLock}, the merged segment replaces the inputs in the view (deletes
   * made meanwhile carried over) and a manifest naming it is committed; the inputs' files go.
   */
  private void runMerge(dev.quiver.engine.segment.OneMerge m) throws IOException, InterruptedException {
    List<SealedSegment> inputs = new ArrayList<>();
    long asOf;
    Map<String, PayloadSchemaType> schema;
    int number;
    long live = 0;
    applyLock.lock();
    try {
      ensureOpen();
      List<SealedSegment> sealed = segments.sealed();
      for (int n : m.segments()) {
        SealedSegment s = sealed.stream().filter(x -> x.number == n).findFirst().orElse(null);
        if (s == null) {
          return; // gone meanwhile (a compaction)
        }
        inputs.add(s);
        live += s.size() - s.deletedCount;
      }
      asOf = lastLsn;
      schema = segments.schema();
      number = segments.reserveNumber();
      merging.add(number);
    } finally {
      applyLock.unlock();
    }
    try {
      runMerge(m, inputs, asOf, schema, number, live);
    } finally {
      merging.remove(number);
    }
  }

  private void runMerge(dev.quiver.engine.segment.OneMerge m, List<SealedSegment> inputs, long asOf,
      Map<String, PayloadSchemaType> schema, int number, long live) throws IOException, InterruptedException {
    long started = System.nanoTime();
    SegmentMerger.Result r = live == 0 ? null : SegmentMerger.merge(dir, number, inputs, asOf, config, schema,
        dbConfig.buildThreads(), mergeLimiter);
    checkpointLock.lock();
    try {
      applyLock.lock();
      try {
        if (closed || !segments.holdsAll(inputs) || manifest == null) {
          Checkpoints.deleteRecursively(dir.resolve(SealedSegment.dirName(number)));
          return;
        }
        if (r == null) {
          segments.dropEmpty(inputs);
        } else {
          segments.replaceMerged(inputs, r.merged(), r.newOrds(), asOf);
        }
        view.set(segments.view(lastLsn));
      } finally {
        applyLock.unlock();
      }
      commitSealedAsOf(checkpointLsn);
    } finally {
      checkpointLock.unlock();
    }
    merges.incrementAndGet();
    recordEvent("merge", live, started);
    LOG.log(System.Logger.Level.DEBUG, "collection ''{0}'': merged segments {1} ({2}) into seg-{3}: {4} points in {5}"
        + " ms{6}", name, m.segments(), m.kind(), number, live, (System.nanoTime() - started) / 1_000_000,
        r != null && r.fromLargestGraph() ? ", starting from the largest input's graph" : "");
  }

  /**
   * Commits a manifest naming the sealed segments as they are now, covering the same log as the
   * last one ({@code walLsn}). Caller holds {@code checkpointLock} (no seal in flight).
   */
  private void commitSealedAsOf(long walLsn) throws IOException {
    dev.quiver.engine.segment.Manifest previous = manifest;
    long generation = previous.generation() + 1;
    List<SealedSegment> sealed;
    int nextSegment;
    applyLock.lock();
    try {
      sealed = segments.sealed();
      nextSegment = segments.nextSegment();
    } finally {
      applyLock.unlock();
    }
    List<dev.quiver.engine.segment.Manifest.SegmentEntry> entries = new ArrayList<>();
    List<Runnable> afterCommit = new ArrayList<>();
    for (SealedSegment s : sealed) {
      entries.add(entry(s, s.deletedAt, s.size(), s.minLsn(), s.maxLsn(), walLsn, generation, afterCommit));
    }
    dev.quiver.engine.segment.Manifest m = new dev.quiver.engine.segment.Manifest(generation, walLsn, nextSegment,
        previous.payloadSchema(), entries);
    dev.quiver.engine.segment.ManifestFile.write(dir, m);
    afterCommit.forEach(Runnable::run);
    manifest = m;
    removeUnreferenced(m);
  }

  long compactions() {
    return compactions.get();
  }

  /** Seals completed; for tests and logs. */
  long seals() {
    return seals.get();
  }

  /**
   * Seals what was written since the last seal into a segment on disk and commits a manifest
   * covering it, then drops the log it covers. Writers go on meanwhile (into a fresh mutable
   * segment); so do reads.
   */
  public void checkpoint() {
    try {
      checkpointLock.lock();
      try {
        sealLocked(false);
      } finally {
        checkpointLock.unlock();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("collection '" + name + "': seal failed", e);
    }
  }

  /**
   * Runs {@code action} on a just-committed manifest (one is written first if the collection has
   * none, or if writes came after it), while no seal or merge changes the files it names:
   * snapshots. Writers and reads go on meanwhile.
   */
  void withCheckpoint(CheckpointAction action) throws IOException {
    checkpointLock.lock();
    try {
      sealLocked(manifest == null);
      action.run(new Committed(dir, manifest, committedFiles(manifest)));
    } finally {
      checkpointLock.unlock();
    }
  }

  /** A committed manifest and the files it names, relative to the collection folder. */
  record Committed(Path dir, dev.quiver.engine.segment.Manifest manifest, List<String> files) {}

  interface CheckpointAction {
    void run(Committed committed) throws IOException;
  }

  /** The manifest's file and every file of the segments it names, relative to {@link #dir}. */
  private List<String> committedFiles(dev.quiver.engine.segment.Manifest m) throws IOException {
    List<String> files = new ArrayList<>();
    files.add(dev.quiver.engine.segment.ManifestFile.fileName(m.generation()));
    for (dev.quiver.engine.segment.Manifest.SegmentEntry e : m.segments()) {
      String seg = SealedSegment.dirName(e.number());
      try (Stream<Path> list = Files.list(dir.resolve(seg))) {
        for (Path f : list.sorted().toList()) {
          String n = f.getFileName().toString();
          if (n.startsWith("deleted-")) {
            if (e.deletionGeneration() == 0 || !n.equals(dev.quiver.engine.segment.DeletionFile.fileName(
                e.deletionGeneration()))) {
              continue;
            }
          }
          files.add(seg + "/" + n);
        }
      }
    }
    return files;
  }

  /**
   * Seals every frozen or mutable segment holding points into {@code seg-<n>/}, writes deletion
   * files for segments whose deletions changed, and commits {@code manifest-<gen+1>} covering the
   * last applied LSN; then puts the sealed segments in the view, drops the log the manifest covers
   * and removes files no manifest names. Nothing happens when no write came since the last seal,
   * unless {@code force}. Caller holds {@code checkpointLock}.
   *
   * <p>Crash safety: segment folders are complete before the manifest names them (written as
   * {@code .tmp}, fsynced, renamed), the manifest is durable before the log is cut, and an open
   * removes whatever the newest manifest does not name, so a kill at any point leaves either the
   * old commit plus the log, or the new one plus the log after it.
   */
  private void sealLocked(boolean force) throws IOException {
    long asOf;
    Map<String, PayloadSchemaType> schemaAt;
    List<MutableSegment> toSeal;
    List<SealedSegment> others;
    int nextSegment;
    applyLock.lock();
    try {
      ensureOpen();
      asOf = lastLsn;
      if (!force && asOf == checkpointLsn && manifest != null) {
        return;
      }
      segments.freezeAndRoll();
      toSeal = segments.frozen();
      schemaAt = segments.schema();
      others = segments.sealed();
      nextSegment = segments.nextSegment();
      view.set(segments.view(asOf));
    } finally {
      applyLock.unlock();
    }
    long started = System.nanoTime();
    long generation = manifest == null ? 1 : manifest.generation() + 1;
    List<SealedSegment> sealed = new ArrayList<>();
    List<dev.quiver.engine.segment.Manifest.SegmentEntry> entries = new ArrayList<>();
    List<Runnable> afterCommit = new ArrayList<>();
    long points = 0;
    for (SealedSegment s : others) {
      entries.add(entry(s, s.deletedAt, s.size(), s.minLsn(), s.maxLsn(), asOf, generation, afterCommit));
    }
    for (MutableSegment m : toSeal) {
      if (m.size() == 0) {
        sealed.add(null);
        continue;
      }
      SealedSegment.write(dir, m.number, m, m.size(), asOf, schemaAt);
      SealedSegment s = SealedSegment.open(dir, m.number, m.size(), 0, 0, config, schemaAt);
      sealed.add(s);
      points += m.size();
      entries.add(entry(s, m.deletedAt, m.size(), s.minLsn(), s.maxLsn(), asOf, generation, afterCommit));
    }
    Map<String, String> schemaNames = new LinkedHashMap<>();
    schemaAt.forEach((f, t) -> schemaNames.put(f, t.name()));
    dev.quiver.engine.segment.Manifest m = new dev.quiver.engine.segment.Manifest(generation, asOf, nextSegment,
        schemaNames, entries);
    dev.quiver.engine.segment.ManifestFile.write(dir, m);
    afterCommit.forEach(Runnable::run);
    applyLock.lock();
    try {
      for (int i = 0; i < toSeal.size(); i++) {
        segments.replaceFrozen(toSeal.get(i), sealed.get(i), asOf);
      }
      view.set(segments.view(lastLsn));
    } finally {
      applyLock.unlock();
    }
    manifest = m;
    checkpointLsn = asOf;
    wal.truncateUpTo(asOf);
    walBytesAtCheckpoint = wal.sizeBytes();
    removeUnreferenced(m);
    seals.incrementAndGet();
    recordEvent("seal", points, started);
    LOG.log(System.Logger.Level.DEBUG, "collection ''{0}'': sealed {1} points as of LSN {2} in {3} ms; manifest {4},"
        + " {5} segments", name, points, asOf, (System.nanoTime() - started) / 1_000_000, generation, entries.size());
  }

  /**
   * The manifest entry of a segment as of {@code asOf}: its deletion file is rewritten (as
   * generation {@code generation}) only when its deletions changed since the file it has.
   */
  private static dev.quiver.engine.segment.Manifest.SegmentEntry entry(SealedSegment s, long[] deletedAt, int size,
      long minLsn, long maxLsn, long asOf, long generation, List<Runnable> afterCommit) throws IOException {
    dev.quiver.core.index.FixedBitSet dead = new dev.quiver.core.index.FixedBitSet(size);
    for (int ord = 0; ord < size; ord++) {
      if (deletedAt[ord] <= asOf) {
        dead.set(ord);
      }
    }
    int count = dead.cardinality();
    if (count == 0) {
      afterCommit.add(() -> {
        s.deletionGeneration = 0;
        s.deletedInFile = 0;
      });
      return new dev.quiver.engine.segment.Manifest.SegmentEntry(s.number, size, 0, 0, minLsn, maxLsn);
    }
    if (s.deletionGeneration > 0 && s.deletedInFile == count) {
      // Deletions only grow, so the same count is the same set.
      return new dev.quiver.engine.segment.Manifest.SegmentEntry(s.number, size, s.deletionGeneration, count, minLsn,
          maxLsn);
    }
    dev.quiver.engine.segment.DeletionFile.write(s.dir, s.number, generation, dead);
    afterCommit.add(() -> {
      s.deletionGeneration = generation;
      s.deletedInFile = count;
    });
    return new dev.quiver.engine.segment.Manifest.SegmentEntry(s.number, size, generation, count, minLsn, maxLsn);
  }

  /**
   * Removes what {@code m} does not name: older manifests, segment folders (and their temporary
   * copies) of other numbers, deletion files of other generations, checkpoint folders of the
   * previous format. A reader of an older view may still read a removed segment: its files stay
   * mapped until the segment is unreachable.
   */
  private void removeUnreferenced(dev.quiver.engine.segment.Manifest m) throws IOException {
    removeUnreferenced(dir, m, merging);
  }

  static void removeUnreferenced(Path dir, dev.quiver.engine.segment.Manifest m) throws IOException {
    removeUnreferenced(dir, m, java.util.Set.of());
  }

  /** As {@link #removeUnreferenced(Path, dev.quiver.engine.segment.Manifest)}, keeping the folders of {@code inFlight}. */
  static void removeUnreferenced(Path dir, dev.quiver.engine.segment.Manifest m, java.util.Set<Integer> inFlight)
      throws IOException {
    Map<String, Long> named = new java.util.HashMap<>();
    java.util.Set<String> building = new java.util.HashSet<>();
    for (int n : inFlight) {
      building.add(SealedSegment.dirName(n));
      building.add(SealedSegment.dirName(n) + ".tmp");
    }
    for (dev.quiver.engine.segment.Manifest.SegmentEntry e : m.segments()) {
      named.put(SealedSegment.dirName(e.number()), e.deletionGeneration());
    }
    String current = dev.quiver.engine.segment.ManifestFile.fileName(m.generation());
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("manifest-") && !n.equals(current)) {
          Files.deleteIfExists(p);
        } else if (n.startsWith("seg-") && !named.containsKey(n) && !building.contains(n)) {
          Checkpoints.deleteRecursively(p);
        } else if (n.startsWith("checkpoint-")) {
          Checkpoints.deleteRecursively(p);
        } else if (named.containsKey(n)) {
          long gen = named.get(n);
          String keep = gen == 0 ? null : dev.quiver.engine.segment.DeletionFile.fileName(gen);
          try (Stream<Path> files = Files.list(p)) {
            for (Path f : files.toList()) {
              String fn = f.getFileName().toString();
              if ((fn.startsWith("deleted-") && !fn.equals(keep)) || fn.endsWith(".tmp")) {
                Files.deleteIfExists(f);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Merges everything now: seals the mutable segment, then rebuilds every segment's live points as
   * one segment (every vector index built afresh, without the replaced and deleted points) and
   * commits it. Background merges (see {@link QuiverConfig#mergePolicy()}) do the same a few
   * segments at a time. The rebuild reads one view without holding a lock, so searches and writes
   * go on; the writes made meanwhile are then replayed on the copy, which replaces the segments.
   * Results do not
   * change: only internal numbering does.
   *
   * @return the number of dead vectors reclaimed (per named vector)
   */
  @Override
  public long compact() {
    long reclaimed;
    checkpointLock.lock();
    try {
      sealLocked(false); // merge everything now: what the mutable segment holds too
      long before = compactions.get();
      reclaimed = compactLocked();
      if (compactions.get() != before) {
        sealLocked(true); // the compacted segment replaces every other one in the next manifest
      }
    } catch (IOException e) {
      throw new UncheckedIOException("collection '" + name + "': seal after compaction failed", e);
    } finally {
      checkpointLock.unlock();
    }
    return reclaimed;
  }

  /** Caller holds {@code checkpointLock}. */
  private long compactLocked() {
    SegmentView live;
    long dead;
    applyLock.lock();
    try {
      ensureOpen();
      dead = segments.deletedVectors();
      if (dead == 0 && segments.sealed().size() <= 1) {
        return 0; // one segment without dead points: nothing to merge
      }
      live = view.get(); // the view of every write applied so far
      // Set under applyLock, so no writer is applying now: every op applied from here on is
      // recorded, to be replayed on the copy.
      appliedDuringCompaction = new ArrayList<>();
    } finally {
      applyLock.unlock();
    }
    Segments copy;
    int replayed = 0;
    try {
      copy = rebuilt(live); // the long part, unlocked: searches and writers carry on
      // Catch up while many writes came in (the copy is still private to this thread), so the
      // final swap under applyLock replays only the last few.
      for (int round = 0; round < 8; round++) {
        List<Logged> batch;
        applyLock.lock();
        try {
          if (appliedDuringCompaction.size() < 16) {
            break;
          }
          batch = appliedDuringCompaction;
          appliedDuringCompaction = new ArrayList<>();
        } finally {
          applyLock.unlock();
        }
        for (Logged l : batch) {
          copy.apply(l.op(), l.lsn()); // ops name points by id, so they apply to any numbering
        }
        replayed += batch.size();
      }
    } catch (RuntimeException | Error e) {
      applyLock.lock();
      try {
        appliedDuringCompaction = null; // stop recording
      } finally {
        applyLock.unlock();
      }
      throw e;
    }
    applyLock.lock();
    try {
      List<Logged> missed = appliedDuringCompaction;
      appliedDuringCompaction = null;
      ensureOpen();
      for (Logged l : missed) {
        copy.apply(l.op(), l.lsn());
      }
      replayed += missed.size();
      segments = copy;
      view.set(copy.view(lastLsn));
      compactions.incrementAndGet();
    } finally {
      applyLock.unlock();
    }
    LOG.log(System.Logger.Level.INFO, "collection ''{0}'': compacted, {1} dead vectors reclaimed, {2} points,"
        + " {3} writes made meanwhile replayed", name, dead, live.liveCount(), replayed);
    return dead;
  }

  /**
   * New segments holding just the live points of {@code v}, renumbered in id order: every HNSW
   * index built afresh from the stored vectors on the build threads, payload and text indexes
   * rebuilt, the schema kept. Reads only immutable data, so it needs no lock.
   */
  private Segments rebuilt(SegmentView v) {
    List<PointId> ids = new ArrayList<>();
    List<ObjectNode> payloads = new ArrayList<>();
    List<int[]> where = new ArrayList<>();
    java.util.PriorityQueue<PartCursor> queue = new java.util.PriorityQueue<>(
        java.util.Comparator.comparing((PartCursor c) -> c.cursor.id()));
    for (int p = 0; p < v.parts.length; p++) {
      PartCursor c = new PartCursor(v, p, null);
      if (c.advance()) {
        queue.add(c);
      }
    }
    while (!queue.isEmpty()) {
      PartCursor c = queue.poll();
      ids.add(c.cursor.id());
      payloads.add(c.part.segment.payload(c.cursor.ord()));
      where.add(new int[] {c.index, c.cursor.ord()});
      if (c.advance()) {
        queue.add(c);
      }
    }
    Map<String, HnswIndex> indexes = new LinkedHashMap<>();
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      float[][] prepared = new float[ids.size()][];
      for (int i = 0; i < prepared.length; i++) {
        int[] at = where.get(i);
        prepared[i] = v.parts[at[0]].segment.vector(e.getKey(), at[1]);
      }
      VectorParams p = e.getValue();
      indexes.put(e.getKey(), HnswIndex.ofPrepared(p.dimension(), p.metric(), p.hnsw(), prepared,
          dbConfig.buildThreads()));
    }
    int number;
    applyLock.lock();
    try {
      number = segments.nextSegment(); // numbers are never reused: seg-<n> of an older commit may still exist
    } finally {
      applyLock.unlock();
    }
    MutableSegment segment = new MutableSegment(number, config, dbConfig.buildThreads(), indexes, ids, payloads, v.lsn);
    return Segments.restored(config, dbConfig.buildThreads(), segment, v.schema);
  }

  void close(boolean checkpointFirst) throws IOException {
    if (closed) {
      return;
    }
    // A merge in flight may take minutes: it stops at its next step and is dropped (the next open
    // removes its files). A seal in flight completes.
    Thread m = merger.get();
    if (m != null) {
      m.interrupt();
    }
    try {
      awaitCompaction();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (checkpointFirst && lastLsn != checkpointLsn) {
      checkpoint();
    }
    applyLock.lock();
    try {
      closed = true;
      wal.close();
    } finally {
      applyLock.unlock();
    }
    // A background compaction in flight fails at its next step (the collection is closed); wait
    // for its thread so nothing of this collection runs after close returns.
    try {
      awaitCompaction();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("collection '" + name + "' is closed");
    }
  }
}
