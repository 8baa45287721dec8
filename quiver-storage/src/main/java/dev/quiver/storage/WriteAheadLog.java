package dev.quiver.storage;

import static dev.quiver.storage.WalFormat.HEADER;
import static dev.quiver.storage.WalFormat.RECORD_HEADER;

import dev.quiver.storage.WalRecovery.Segment;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A write-ahead log: opaque records numbered by a log sequence number (LSN: 1, 2, 3, ... with no
 * gaps) appended to segment files {@code wal-<first LSN, 20 digits>.log} in one folder.
 *
 * <h2>On-disk format</h2>
 * All integers big-endian; CRC32C as in {@link java.util.zip.CRC32C}, stored as an int.
 * Each segment starts with a 20-byte header:
 * <pre>
 * offset size field
 *  0     4    magic      0x5157414C ("QWAL")
 *  4     4    version    1
 *  8     8    firstLsn   LSN of the segment's first record (also in the file name)
 * 16     4    headerCrc  CRC32C of bytes 0..15
 * </pre>
 * followed by zero or more records, each:
 * <pre>
 *  0     4    length     payload bytes, 0 to {@value #MAX_RECORD}
 *  4     4    crc        CRC32C of the lsn field's 8 bytes followed by the payload
 *  8     8    lsn        firstLsn for the first record, then previous + 1
 * 16     length payload  the caller's bytes
 * </pre>
 * A segment is closed (fsync'd, never written again) when it reaches the size limit or when
 * {@link #truncateUpTo} needs to drop it; the next segment's firstLsn is the previous one's last
 * LSN + 1. A segment's header is fsync'd before its first record is written.
 *
 * <h2>Recovery</h2>
 * {@link #open} reads every segment and checks every record. A damaged end of the <em>last</em>
 * segment with no valid record after it is a <b>torn tail</b>, the remains of a write cut short
 * by a crash: a record header or payload running past the end of the file, a zero-filled tail,
 * a checksum mismatch on the final record, or a segment header never completely written. It is
 * truncated away with one WARNING naming the file, offset and bytes dropped. Any other damage (a
 * bad record followed by valid ones, damage in an older segment, a well-formed record with the
 * wrong LSN, a missing segment) throws {@link WalCorruptedException} naming the file and offset:
 * nothing is ever dropped silently.
 *
 * <h2>Lost records</h2>
 * A crash leaves the log <em>longer</em> than what was durable, never shorter; a deleted segment,
 * or one cut at a record boundary, looks to the segments themselves like a log that simply ended
 * there. So a log opened with an end marker ({@link #open(Path, Durability, long, long, Path,
 * boolean)}, format on {@link WalEndMarker}) records its durable end in a small checksummed file:
 * when it opens (after an fsync of what it found), at every segment roll, at close, and after data
 * fsyncs at most every {@value #END_MARK_INTERVAL_MILLIS} ms (one due sooner is made at the end of
 * the interval by a timer thread, so no acknowledged record stays uncovered for longer). Only fsync'd positions are
 * recorded, so under {@link Durability#NONE} the marker moves at roll, open and close only, and no
 * crash, kill or power loss can leave the log short of it. Opening then refuses, with {@link
 * WalCorruptedException} naming the expected and found ends, a log that ends before the marker (a
 * cut, a deleted last segment), a missing segment the marker names, or a first segment starting
 * after the caller's checkpoint ({@code nextLsnIfEmpty}); gaps between segments are refused with
 * or without a marker. A log without a marker file (written by an older Quiver) is not checked and
 * gets one. Known limit: records acknowledged in the last {@value #END_MARK_INTERVAL_MILLIS} ms
 * before a kill can be past the marker, and a cut among them goes unnoticed.
 *
 * <p>Known limit: under {@link Durability.Group} or {@link Durability#NONE}, several records can
 * be written but not yet fsync'd; if the machine loses power, the disk may persist a later one
 * and not an earlier one. Recovery then sees a damaged record followed by a valid one and refuses
 * to open rather than guess. None of those records had been acknowledged as durable.
 *
 * <h2>Concurrency</h2>
 * Thread-safe. Appends serialise on this object's monitor, so LSN order is file order; the
 * monitor also guards the segment list and the active file. Waiting for an fsync happens outside
 * the monitor (see {@link #awaitSync}), so other threads append meanwhile and share that fsync.
 * Writes and fsyncs use {@link RandomAccessFile} and {@link java.io.FileDescriptor#sync()}: unlike
 * a {@code FileChannel}, they are not closed under everyone's feet when one caller's thread is
 * interrupted.
 *
 * <h2>Failures</h2>
 * If a write or fsync fails, the outcome of the records in flight is unknown (the OS may have
 * dropped the dirty pages), so the log refuses every later append with an IOException; reopening
 * it recovers whatever reached the disk.
 */
public final class WriteAheadLog implements AutoCloseable {

  /** Largest record payload accepted by {@link #append}: 256 MiB. */
  public static final int MAX_RECORD = 256 << 20;
  /** Segment size at which a new segment is started: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  /** Smallest accepted segment size limit (tests use tiny segments to exercise rotation). */
  public static final long MIN_SEGMENT_BYTES = 64;

  /**
   * Least time between two updates of the end marker made from the fsync path: a marker update
   * costs a small file's write, fsync and rename, so it is made at most this often (and at segment
   * roll, open and close, which have fsync'd anyway). Records acknowledged in the last interval
   * before a kill are durable but may be past the marker, so a cut among them is not detected.
   */
  public static final long END_MARK_INTERVAL_MILLIS = 200;

  /** Records up to this size are framed into one array and handed to the OS in one write. */
  private static final int ONE_WRITE_LIMIT = 64 << 10;

  /** Receives replayed records. */
  @FunctionalInterface
  public interface RecordConsumer {
    void accept(long lsn, byte[] record) throws IOException;
  }

  private final Path dir;
  private final Durability durability;
  private final long segmentBytes;
  /** How long a group-commit leader waits for company; -1 when appends never wait for an fsync. */
  private final long syncDelayNanos;

  // Guarded by this (the append monitor).
  private final List<Segment> closedSegments = new ArrayList<>(); // oldest first
  private Segment active;
  private RandomAccessFile file; // the active segment, open for writing
  private long filePos;
  private long nextLsn;
  private long bytes; // all segments, for sizeBytes()
  private boolean closed;

  // Guarded by syncLock. Lock order: this, then the end marker writer's lock, then syncLock; never the
  // other way round.
  private final Object syncLock = new Object();
  private long writtenLsn; // last LSN handed to the OS
  private long capturedLsn; // last LSN an fsync has been started for (>= syncedLsn)
  private long syncedLsn; // last LSN known durable
  private long firstUncapturedNanos; // when the first record after capturedLsn was written
  private boolean leaderActive; // a group-commit leader is waiting or syncing
  private boolean syncing; // the leader is inside fsync of `file`: rotate/close wait before closing it
  private volatile IOException failure; // set once, under syncLock; the log is unusable after it

  private final LongAdder fsyncs = new LongAdder(); // data fsyncs (not segment headers)
  // Guarded by syncLock, with syncedLsn: where the durable records end.
  private long syncedSegment; // first LSN of the segment holding the end of syncedLsn's record
  private long syncedBytes; // bytes of that segment durable

  /** The end marker file and what keeps it current, or null when this log keeps none. */
  private final Path endMarker;
  private final WalEndMarkerWriter marker;

  private WriteAheadLog(Path dir, Durability durability, long segmentBytes, Path endMarker) {
    this.dir = dir;
    this.durability = durability;
    this.segmentBytes = segmentBytes;
    this.endMarker = endMarker;
    this.marker = endMarker == null ? null : new WalEndMarkerWriter(endMarker, dir, this::durableEnd);
    this.syncDelayNanos = switch (durability) {
      case Durability.Fsync f -> 0;
      case Durability.Group g -> g.maxDelay().toNanos();
      case Durability.None n -> -1;
    };
  }

  /** Opens (or creates) the log in {@code dir}; an empty log starts at LSN 1. */
  public static WriteAheadLog open(Path dir, Durability durability) throws IOException {
    return open(dir, durability, 1, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens (or creates) the log in {@code dir}.
   *
   * @param nextLsnIfEmpty the caller's checkpoint LSN + 1: the LSN the next record gets when the log
   *     holds nothing after the checkpoint. If every record in the log is older (the checkpoint
   *     covers them, e.g. the log's unsynced tail was lost with {@link Durability#NONE}), those
   *     segments are deleted and the log restarts at this LSN, so LSNs are never reused.
   */
  public static WriteAheadLog open(Path dir, Durability durability, long nextLsnIfEmpty) throws IOException {
    return open(dir, durability, nextLsnIfEmpty, DEFAULT_SEGMENT_BYTES);
  }

  /** As {@link #open(Path, Durability, long)}, starting a new segment once one reaches {@code segmentBytes}. */
  public static WriteAheadLog open(Path dir, Durability durability, long nextLsnIfEmpty, long segmentBytes)
      throws IOException {
    return open(dir, durability, nextLsnIfEmpty, segmentBytes, null, false);
  }

  /**
   * As {@link #open(Path, Durability, long, long)}, with an end marker: the file {@code endMarker}
   * (best outside {@code dir}, so that it outlives a deleted log folder) records the last durable
   * position, and opening refuses a log that ends before it or starts after {@code
   * nextLsnIfEmpty}: records were lost after the fact (see <em>Lost records</em> above).
   *
   * @param endMarker the marker file, or null for none (a log without one is not checked; the first
   *     open with a marker creates it)
   * @param acceptLoss open anyway when records are lost or damaged, keeping the longest valid prefix
   *     after {@code nextLsnIfEmpty - 1}: later segments are moved to a {@code lost-<millis>} folder
   *     in {@code dir} and a WARNING says which LSNs were lost
   * @throws WalCorruptedException if records are damaged or lost and {@code acceptLoss} is false;
   *     nothing in the folder has been changed then
   */
  public static WriteAheadLog open(Path dir, Durability durability, long nextLsnIfEmpty, long segmentBytes,
      Path endMarker, boolean acceptLoss) throws IOException {
    if (durability == null) {
      throw new IllegalArgumentException("durability is null; use Durability.FSYNC_EVERY_WRITE for the default");
    }
    if (nextLsnIfEmpty < 1) {
      throw new IllegalArgumentException("nextLsnIfEmpty is " + nextLsnIfEmpty + "; LSNs start at 1");
    }
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segment size limit is " + segmentBytes + " bytes; expected at least "
          + MIN_SEGMENT_BYTES + " (default " + DEFAULT_SEGMENT_BYTES + ")");
    }
    Files.createDirectories(dir);
    WriteAheadLog wal = new WriteAheadLog(dir, durability, segmentBytes, endMarker);
    synchronized (wal) {
      try {
        wal.recover(nextLsnIfEmpty, acceptLoss);
      } catch (IOException | RuntimeException e) {
        if (wal.file != null) {
          wal.file.close();
        }
        throw e;
      }
    }
    return wal;
  }

  private void recover(long nextLsnIfEmpty, boolean acceptLoss) throws IOException {
    WalEndMarker.Position before = null;
    if (endMarker != null) {
      try {
        before = WalEndMarker.read(endMarker);
      } catch (CorruptFileException e) {
        if (!acceptLoss) {
          throw new WalCorruptedException("write-ahead log " + dir + ": its end marker cannot be read (" + e.getMessage()
              + "), so lost records could go unnoticed. Restore the collection from a snapshot, or open the log"
              + " accepting the loss (the marker is then rewritten).");
        }
        System.getLogger(WriteAheadLog.class.getName()).log(System.Logger.Level.WARNING,
            "write-ahead log {0}: ignoring its unreadable end marker, as loss is accepted: {1}", dir, e.getMessage());
      }
    }
    WalRecovery.Recovered r = WalRecovery.recover(dir, nextLsnIfEmpty, before, acceptLoss);
    nextLsn = r.nextLsn();
    if (r.segments().isEmpty()) {
      startSegment(nextLsn);
    } else {
      List<Segment> found = r.segments();
      active = found.get(found.size() - 1);
      closedSegments.addAll(found.subList(0, found.size() - 1));
      for (Segment s : found) {
        bytes += Files.size(s.path());
      }
      file = new RandomAccessFile(active.path().toFile(), "rw");
      filePos = file.length();
      file.seek(filePos);
      if (endMarker != null) {
        // What a killed process left is in the OS's cache, not necessarily on disk: make it
        // durable before the marker says it is.
        file.getFD().sync();
      }
    }
    synchronized (syncLock) {
      writtenLsn = capturedLsn = syncedLsn = nextLsn - 1;
      syncedSegment = active.firstLsn();
      syncedBytes = filePos;
    }
    if (marker != null) {
      marker.writeNow(new WalEndMarker.Position(nextLsn - 1, active.firstLsn(), filePos));
    }
  }

  /** Where the fsync'd records end, for the end marker; null once the log has failed. */
  private WalEndMarker.Position durableEnd() {
    synchronized (syncLock) {
      // After a failure what reached the disk is unknown: keep the last position known durable.
      return failure != null ? null : new WalEndMarker.Position(syncedLsn, syncedSegment, syncedBytes);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Appending

  /**
   * Appends a record and returns its LSN once it is durable as the {@link Durability} policy says.
   * If this throws an IOException, the record may or may not be in the log (as after any failed
   * write), and the log accepts no more appends: close and reopen it.
   *
   * @throws IllegalArgumentException if the record is larger than {@value #MAX_RECORD} bytes
   * @throws IllegalStateException if the log is closed
   */
  public long append(byte[] record) throws IOException {
    long lsn = write(record);
    awaitDurable(lsn);
    return lsn;
  }

  /**
   * Hands a record to the OS and returns its LSN without waiting for durability; call {@link
   * #awaitDurable} before acknowledging it. Splitting the two lets a caller order its appends under
   * its own lock yet wait for the fsync outside it, so concurrent writers share fsyncs. Failure
   * rules as for {@link #append}.
   */
  public long write(byte[] record) throws IOException {
    if (record.length > MAX_RECORD) {
      throw new IllegalArgumentException("log record of " + record.length + " bytes exceeds the limit of "
          + MAX_RECORD + " bytes; split the batch");
    }
    long lsn;
    synchronized (this) {
      ensureUsable();
      if (filePos >= segmentBytes && nextLsn > active.firstLsn()) {
        rotate();
      }
      lsn = nextLsn;
      boolean small = record.length <= ONE_WRITE_LIMIT;
      try {
        file.write(WalFormat.frame(lsn, record, small));
        if (!small) {
          file.write(record);
        }
      } catch (IOException e) {
        throw fail("writing LSN " + lsn + " to " + active.path(), e);
      }
      nextLsn = lsn + 1;
      filePos += RECORD_HEADER + record.length;
      bytes += RECORD_HEADER + record.length;
      synchronized (syncLock) {
        if (writtenLsn == capturedLsn) {
          firstUncapturedNanos = System.nanoTime();
        }
        writtenLsn = lsn;
      }
    }
    return lsn;
  }

  /**
   * Returns once the record {@code lsn} (and every earlier one) is durable as the {@link
   * Durability} policy says; at once under {@link Durability#NONE}.
   *
   * @throws IOException if the fsync failed; the log accepts no more appends
   */
  public void awaitDurable(long lsn) throws IOException {
    if (syncDelayNanos >= 0) {
      awaitSync(lsn);
    }
  }

  /**
   * Returns once an fsync covering {@code lsn} has completed. Leader/follower: the first waiter with
   * no leader active becomes the leader, waits until {@code maxDelay} after the first record not yet
   * being synced (zero for FSYNC_EVERY_WRITE), then fsyncs everything written so far for all waiters.
   * Neither the wait nor the fsync holds the append monitor.
   */
  private void awaitSync(long lsn) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        long deadline;
        synchronized (syncLock) {
          while (syncedLsn < lsn && failure == null && leaderActive) {
            try {
              syncLock.wait();
            } catch (InterruptedException e) {
              interrupted = true; // the record is written; leaving now would leave its fate unknown
            }
          }
          if (syncedLsn >= lsn) {
            return;
          }
          if (failure != null) {
            throw failed();
          }
          leaderActive = true;
          deadline = firstUncapturedNanos + syncDelayNanos;
        }
        try {
          interrupted |= sleepUntil(deadline);
          syncAsLeader();
        } finally {
          synchronized (syncLock) {
            leaderActive = false;
            syncLock.notifyAll();
          }
        }
        if (marker != null) {
          marker.updateLazily(); // followers are released and the next leader may already be syncing
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void syncAsLeader() throws IOException {
    RandomAccessFile f;
    Path path;
    long covered;
    long segment;
    long pos;
    synchronized (this) {
      if (closed || failure != null) {
        return; // close() synced everything (or the failure is reported by the caller's loop)
      }
      f = file;
      path = active.path();
      segment = active.firstLsn();
      pos = filePos;
      synchronized (syncLock) {
        covered = writtenLsn;
        capturedLsn = covered;
        syncing = true;
      }
    }
    IOException error = null;
    try {
      f.getFD().sync();
      fsyncs.increment();
    } catch (IOException e) {
      error = e;
    } finally {
      synchronized (syncLock) {
        syncing = false;
        if (error == null && covered > syncedLsn) {
          syncedLsn = covered;
          syncedSegment = segment;
          syncedBytes = pos;
        }
        syncLock.notifyAll();
      }
    }
    if (error != null) {
      throw fail("fsync of " + path, error);
    }
  }

  /** Sleeps until {@code deadline} (System.nanoTime); returns whether it was interrupted. */
  private static boolean sleepUntil(long deadline) {
    long nanos = deadline - System.nanoTime();
    if (nanos <= 0) {
      return false;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return false;
    } catch (InterruptedException e) {
      return true; // sync early rather than abandon the followers
    }
  }

  /** Makes everything written durable; caller holds the monitor. Waits out a leader's fsync. */
  private void syncAll() throws IOException {
    boolean interrupted = false;
    synchronized (syncLock) {
      while (syncing) {
        try {
          syncLock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      file.getFD().sync();
      fsyncs.increment();
    } catch (IOException e) {
      throw fail("fsync of " + active.path(), e);
    }
    synchronized (syncLock) {
      capturedLsn = syncedLsn = writtenLsn;
      syncedSegment = active.firstLsn();
      syncedBytes = filePos;
      syncLock.notifyAll();
    }
  }

  /** Closes the active segment and starts the next; caller holds the monitor. */
  private void rotate() throws IOException {
    // fsync before the next segment exists: only the last segment can then have a torn tail.
    syncAll();
    file.close();
    closedSegments.add(active);
    startSegment(nextLsn);
    synchronized (syncLock) {
      syncedSegment = active.firstLsn(); // its header is durable; the records before it too
      syncedBytes = HEADER;
    }
    if (marker != null) {
      marker.update();
    }
  }

  /** Creates and fsyncs a segment holding only its header; caller holds the monitor (or is opening). */
  private void startSegment(long firstLsn) throws IOException {
    Path path = dir.resolve(WalFormat.fileName(firstLsn));
    Files.createFile(path); // fails loudly rather than overwrite a segment
    RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw");
    try {
      f.write(WalFormat.header(firstLsn));
      f.getFD().sync();
    } catch (IOException e) {
      f.close();
      throw e;
    }
    ChecksummedFileWriter.fsyncDirectory(dir);
    file = f;
    filePos = HEADER;
    active = new Segment(firstLsn, path);
    bytes += HEADER;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and dropping

  /**
   * Calls {@code consumer} for every record with an LSN above {@code afterLsn}, in LSN order, each
   * record re-checked against its checksum. Appends wait while this runs; the consumer must not
   * append.
   *
   * @param afterLsn the caller's checkpoint LSN (0 for everything)
   * @throws WalCorruptedException if records the caller needs are no longer in the log (dropped by
   *     {@link #truncateUpTo} or lost), or a record has been damaged since the log was opened
   */
  public synchronized void replay(long afterLsn, RecordConsumer consumer) throws IOException {
    ensureOpen();
    if (afterLsn < 0) {
      throw new IllegalArgumentException("afterLsn is " + afterLsn + "; expected 0 (everything) or a checkpoint LSN");
    }
    long last = nextLsn - 1;
    if (afterLsn >= last) {
      return;
    }
    long firstRetained = closedSegments.isEmpty() ? active.firstLsn() : closedSegments.get(0).firstLsn();
    if (firstRetained > afterLsn + 1) {
      throw new WalCorruptedException("write-ahead log " + dir + " is missing LSNs " + (afterLsn + 1) + " to "
          + (firstRetained - 1) + ", which come after the checkpoint at LSN " + afterLsn + ": the log starts at LSN "
          + firstRetained + " (they were dropped by truncateUpTo, or the folder was altered). Restore from a"
          + " snapshot, or load a checkpoint at LSN " + (firstRetained - 1) + " or later.");
    }
    List<Segment> all = new ArrayList<>(closedSegments);
    all.add(active);
    for (int i = 0; i < all.size(); i++) {
      Segment s = all.get(i);
      boolean isActive = i == all.size() - 1;
      if (!isActive && all.get(i + 1).firstLsn() - 1 <= afterLsn) {
        continue; // every record in it is covered by the checkpoint
      }
      long limit = isActive ? filePos : Files.size(s.path());
      try (WalSegmentReader r = new WalSegmentReader(s.path(), limit)) {
        WalSegmentReader.Damage damage = r.readHeader();
        long lsn = s.firstLsn();
        while (damage == null && !r.atEnd()) {
          damage = r.next(lsn, lsn > afterLsn);
          if (damage == null) {
            if (lsn > afterLsn) {
              consumer.accept(lsn, r.payload());
            }
            lsn++;
          }
        }
        if (damage != null) {
          throw corrupt(s.path(), damage.offset(), damage.what() + " (damaged after the log was opened)");
        }
      }
    }
  }

  /**
   * Drops the records with LSN up to {@code lsn}, which a durable checkpoint now covers: deletes
   * every segment whose records are all at or below it, first closing the active segment if all of
   * its records are. Records above {@code lsn} are always kept, so a few at or below it may remain.
   *
   * @throws IllegalArgumentException if {@code lsn} is above {@link #lastLsn()}: a checkpoint cannot
   *     cover records that were never written
   */
  public synchronized void truncateUpTo(long lsn) throws IOException {
    ensureUsable();
    if (lsn > nextLsn - 1) {
      throw new IllegalArgumentException("cannot drop the log up to LSN " + lsn + ": it ends at LSN "
          + (nextLsn - 1));
    }
    if (nextLsn - 1 <= lsn && nextLsn > active.firstLsn()) {
      rotate();
    }
    boolean deleted = false;
    while (!closedSegments.isEmpty()) {
      long lastOfOldest = (closedSegments.size() > 1 ? closedSegments.get(1) : active).firstLsn() - 1;
      if (lastOfOldest > lsn) {
        break;
      }
      Segment oldest = closedSegments.remove(0);
      bytes -= Files.size(oldest.path());
      Files.delete(oldest.path());
      deleted = true;
    }
    if (deleted) {
      ChecksummedFileWriter.fsyncDirectory(dir);
    }
  }

  /**
   * LSN of the last appended record (durable or not yet); {@code nextLsnIfEmpty - 1} when nothing
   * was appended since the log was (re)started.
   */
  public synchronized long lastLsn() {
    return nextLsn - 1;
  }

  /** Bytes in all segment files, for metrics and checkpoint scheduling. */
  public synchronized long sizeBytes() {
    return bytes;
  }

  public Durability durability() {
    return durability;
  }

  /** fsyncs counted so far (segment headers excluded). Package-private, for tests. */
  long fsyncCount() {
    return fsyncs.sum();
  }

  /** fsyncs what was written and closes the file; later calls do nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure == null) {
        syncAll();
        if (marker != null) {
          marker.update();
        }
      }
    } finally {
      if (marker != null) {
        marker.close();
      }
      file.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + dir + " is closed");
    }
  }

  private void ensureUsable() throws IOException {
    ensureOpen();
    if (failure != null) {
      throw failed();
    }
  }

  /** Marks the log failed (first failure wins) and returns the exception for the caller. */
  private IOException fail(String doing, IOException cause) {
    synchronized (syncLock) {
      if (failure == null) {
        failure = new IOException("write-ahead log " + dir + " failed while " + doing + ": " + cause.getMessage(),
            cause);
      }
      syncLock.notifyAll();
    }
    return failed();
  }

  private IOException failed() {
    return new IOException(failure.getMessage() + ". The outcome of the writes in flight is unknown and no"
        + " more are accepted; close and reopen the log to recover what reached the disk.", failure);
  }

  private static WalCorruptedException corrupt(Path file, long offset, String problem) {
    return WalRecovery.corrupt(file, offset, problem);
  }

}
