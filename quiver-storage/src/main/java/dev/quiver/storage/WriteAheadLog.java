package dev.quiver.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A write-ahead log: records numbered by a log sequence number (LSN, 1, 2, 3, ...) appended to
 * segment files {@code wal-<first LSN, 20 digits>.log} in one folder.
 *
 * <p>On-disk format (big-endian). Segment header, 20 bytes:
 * <pre>
 * int  magic      0x5157414C ("QWAL")
 * int  version    1
 * long firstLsn   LSN of the segment's first record
 * int  headerCrc  CRC32C of the 16 bytes above
 * </pre>
 * then records, each:
 * <pre>
 * int  length     payload bytes, 0 to {@value #MAX_RECORD}
 * int  crc        CRC32C of the LSN's 8 bytes followed by the payload
 * long lsn        previous record's LSN + 1
 * byte[length]    payload
 * </pre>
 *
 * <p>Recovery, on {@link #open}: every segment is scanned. A damaged end of the <em>last</em>
 * segment with nothing valid after it (a record cut short by a crash, a zero-filled tail, a bad
 * checksum on the final record) is a torn tail: it is truncated away with a warning. Any other
 * damage throws {@link WalCorruptedException} naming the file and offset; data is never dropped
 * silently.
 *
 * <p>Concurrency: appends serialise on this object's monitor, so LSN order is file order. With
 * group commit, an appender releases the monitor before waiting for the fsync that covers its
 * record, so others append meanwhile and share that fsync ({@code syncLock} guards the sync state).
 */
public final class WriteAheadLog implements AutoCloseable {

  static final int MAGIC = 0x5157414C;
  static final int VERSION = 1;
  static final int HEADER = 20;
  static final int RECORD_HEADER = 16;
  public static final int MAX_RECORD = 256 << 20;
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  private static final System.Logger LOG = System.getLogger(WriteAheadLog.class.getName());

  /** Receives replayed records. */
  @FunctionalInterface
  public interface RecordConsumer {
    void accept(long lsn, byte[] record) throws IOException;
  }

  private final Path dir;
  private final Durability durability;
  private final long segmentBytes;
  /** Closed segments (first LSN, path), oldest first; guarded by this. */
  private final List<Segment> segments = new ArrayList<>();
  private Segment active;
  private FileChannel channel;
  private long nextLsn;
  private long bytes;
  private boolean closed;

  private final Object syncLock = new Object();
  private long writtenLsn; // guarded by syncLock
  private long syncedLsn; // guarded by syncLock
  private boolean syncScheduled; // guarded by syncLock
  long fsyncCount; // for tests

  private record Segment(long firstLsn, Path path) {}

  private WriteAheadLog(Path dir, Durability durability, long segmentBytes) {
    this.dir = dir;
    this.durability = durability;
    this.segmentBytes = segmentBytes;
  }

  public static WriteAheadLog open(Path dir, Durability durability) throws IOException {
    return open(dir, durability, 1, DEFAULT_SEGMENT_BYTES);
  }

  public static WriteAheadLog open(Path dir, Durability durability, long nextLsnIfEmpty) throws IOException {
    return open(dir, durability, nextLsnIfEmpty, DEFAULT_SEGMENT_BYTES);
  }

  /**
   * Opens (creating if needed) the log in {@code dir}, recovering as described above.
   *
   * @param nextLsnIfEmpty the LSN the next record gets when the log holds none beyond it (the
   *     caller's checkpoint LSN + 1): appends never reuse an LSN a checkpoint already covers
   */
  public static WriteAheadLog open(Path dir, Durability durability, long nextLsnIfEmpty, long segmentBytes)
      throws IOException {
    if (nextLsnIfEmpty < 1) {
      throw new IllegalArgumentException("LSNs start at 1, got " + nextLsnIfEmpty);
    }
    Files.createDirectories(dir);
    WriteAheadLog wal = new WriteAheadLog(dir, durability, segmentBytes);
    wal.recover(nextLsnIfEmpty);
    return wal;
  }

  private void recover(long nextLsnIfEmpty) throws IOException {
    List<Segment> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "wal-*.log")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        found.add(new Segment(Long.parseLong(n.substring(4, n.length() - 4)), p));
      }
    }
    found.sort((a, b) -> Long.compare(a.firstLsn, b.firstLsn));
    long expected = -1;
    for (int i = 0; i < found.size(); i++) {
      Segment s = found.get(i);
      boolean last = i == found.size() - 1;
      long end = scan(s, last, expected);
      expected = end;
      bytes += Files.size(s.path);
      if (last) {
        active = s;
      } else {
        segments.add(s);
      }
    }
    if (active == null || expected < nextLsnIfEmpty) {
      // Empty log, or a log behind the caller's checkpoint: start a segment at the right LSN.
      nextLsn = Math.max(nextLsnIfEmpty, expected);
      if (active != null) {
        segments.add(active);
      }
      startSegment(nextLsn);
    } else {
      nextLsn = expected;
      channel = FileChannel.open(active.path, StandardOpenOption.WRITE, StandardOpenOption.READ);
      channel.position(channel.size());
    }
    writtenLsn = syncedLsn = nextLsn - 1;
  }

  /**
   * Validates one segment; truncates a torn tail when {@code last}.
   *
   * @param expected the LSN its first record must have, or -1 for the oldest segment
   * @return the LSN after its last valid record
   */
  private long scan(Segment s, boolean last, long expected) throws IOException {
    try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size < HEADER) {
        if (last) {
          // Created but its header never fully written (a new segment is fsync'd before its first
          // record is appended), so nothing acknowledged lived here: rewrite the header.
          ch.truncate(0);
          ch.write(header(s.firstLsn), 0);
          ch.force(true);
          LOG.log(Level.WARNING, "write-ahead log {0}: incomplete segment header rewritten", s.path);
          return Math.max(s.firstLsn, expected);
        }
        throw corrupt(s.path, 0, "segment header is " + size + " bytes, expected " + HEADER);
      }
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      map.order(ByteOrder.BIG_ENDIAN);
      int magic = map.getInt(0);
      long first = map.getLong(8);
      CRC32C crc = new CRC32C();
      crc.update(map.slice(0, 16));
      if (magic != MAGIC || map.getInt(4) != VERSION || (int) crc.getValue() != map.getInt(16)
          || first != s.firstLsn) {
        throw corrupt(s.path, 0, "segment header is damaged or does not match the file name");
      }
      if (expected != -1 && first < expected) {
        throw corrupt(s.path, 0, "segment starts at LSN " + first + " but the previous one ends at "
            + (expected - 1));
      }
      long lsn = first;
      long pos = HEADER;
      while (pos < size) {
        String problem = checkRecord(map, pos, size, lsn);
        if (problem != null) {
          if (last && !validRecordAfter(map, pos + 1, size, lsn)) {
            ch.truncate(pos);
            ch.force(true);
            LOG.log(Level.WARNING, "write-ahead log {0}: torn tail at byte {1} ({2}) truncated,"
                + " {3} bytes dropped; the last acknowledged write ends before it",
                s.path, pos, problem, size - pos);
            return lsn;
          }
          throw corrupt(s.path, pos, problem + " at LSN " + lsn);
        }
        pos += RECORD_HEADER + map.getInt((int) pos);
        lsn++;
      }
      return lsn;
    }
  }

  /** Null when a valid record with LSN {@code lsn} starts at {@code pos}, else what is wrong. */
  private static String checkRecord(ByteBuffer map, long pos, long size, long lsn) {
    if (size - pos < RECORD_HEADER) {
      return "a record header cut short";
    }
    int p = (int) pos;
    int length = map.getInt(p);
    if (length < 0 || length > MAX_RECORD) {
      return "an impossible record length " + length;
    }
    if (size - pos - RECORD_HEADER < length) {
      return "a record of " + length + " bytes running past the end of the file";
    }
    long recordLsn = map.getLong(p + 8);
    CRC32C crc = new CRC32C();
    crc.update(map.slice(p + 8, 8 + length));
    if ((int) crc.getValue() != map.getInt(p + 4)) {
      return "a record checksum mismatch";
    }
    if (recordLsn != lsn) {
      return "LSN " + recordLsn + " where " + lsn + " was expected";
    }
    return null;
  }

  /** Whether any valid-looking record (checksum right, LSN plausible) starts after {@code from}. */
  private static boolean validRecordAfter(ByteBuffer map, long from, long size, long lsn) {
    for (long p = from; p + RECORD_HEADER <= size; p++) {
      int length = map.getInt((int) p);
      if (length < 0 || length > size - p - RECORD_HEADER) {
        continue;
      }
      long recordLsn = map.getLong((int) p + 8);
      if (recordLsn < lsn || recordLsn > lsn + (1L << 32)) {
        continue;
      }
      CRC32C crc = new CRC32C();
      crc.update(map.slice((int) p + 8, 8 + length));
      if ((int) crc.getValue() == map.getInt((int) p + 4)) {
        return true;
      }
    }
    return false;
  }

  private static ByteBuffer header(long firstLsn) {
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    h.putInt(MAGIC).putInt(VERSION).putLong(firstLsn);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 16);
    h.putInt((int) crc.getValue());
    h.flip();
    return h;
  }

  private void startSegment(long firstLsn) throws IOException {
    Path path = dir.resolve(String.format("wal-%020d.log", firstLsn));
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    ByteBuffer h = header(firstLsn);
    while (h.hasRemaining()) {
      ch.write(h);
    }
    ch.force(true);
    ChecksummedFileWriter.fsyncDirectory(dir);
    channel = ch;
    active = new Segment(firstLsn, path);
    bytes += HEADER;
  }

  /**
   * Appends a record and returns its LSN once it is durable per the policy.
   *
   * @throws IllegalArgumentException if the record exceeds {@value #MAX_RECORD} bytes
   */
  public long append(byte[] record) throws IOException {
    if (record.length > MAX_RECORD) {
      throw new IllegalArgumentException("log record of " + record.length + " bytes exceeds the limit of "
          + MAX_RECORD + "; split the batch");
    }
    long lsn;
    synchronized (this) {
      ensureOpen();
      if (channel.position() >= segmentBytes) {
        rotate();
      }
      lsn = nextLsn;
      ByteBuffer buf = ByteBuffer.allocate(RECORD_HEADER + record.length);
      CRC32C crc = new CRC32C();
      buf.putLong(8, lsn);
      crc.update(buf.array(), 8, 8);
      crc.update(record);
      buf.putInt(0, record.length).putInt(4, (int) crc.getValue());
      buf.position(RECORD_HEADER);
      buf.put(record);
      buf.flip();
      long start = channel.position();
      try {
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
      } catch (IOException e) {
        channel.truncate(start); // leave no partial record behind a failed write
        throw e;
      }
      nextLsn = lsn + 1;
      bytes += RECORD_HEADER + record.length;
      if (durability instanceof Durability.Fsync) {
        channel.force(false);
        fsyncCount++;
      }
      synchronized (syncLock) {
        writtenLsn = lsn;
        if (!(durability instanceof Durability.Group)) {
          syncedLsn = lsn;
        }
      }
    }
    if (durability instanceof Durability.Group g) {
      awaitGroupSync(lsn, g);
    }
    return lsn;
  }

  /** Leader/follower group commit: the first waiter sleeps the delay, fsyncs for everyone. */
  private void awaitGroupSync(long lsn, Durability.Group g) throws IOException {
    synchronized (syncLock) {
      while (syncedLsn < lsn) {
        if (!syncScheduled) {
          syncScheduled = true;
          break;
        }
        try {
          syncLock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the log to be synced", e);
        }
      }
      if (syncedLsn >= lsn) {
        return;
      }
    }
    // This thread leads: let others join the batch, then sync once for all.
    try {
      long nanos = g.maxDelay().toNanos();
      if (nanos > 0) {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long covered;
    FileChannel ch;
    synchronized (this) {
      ch = channel;
      synchronized (syncLock) {
        covered = writtenLsn;
      }
    }
    try {
      ch.force(false); // outside the monitor: appenders go on writing during the fsync
      fsyncCount++;
    } catch (java.nio.channels.ClosedChannelException e) {
      // rotated or closed meanwhile, and both fsync everything written before them
    } finally {
      synchronized (syncLock) {
        syncedLsn = Math.max(syncedLsn, covered);
        syncScheduled = false;
        syncLock.notifyAll();
      }
    }
    if (covered < lsn) {
      throw new IllegalStateException("group commit covered LSN " + covered + " but not " + lsn);
    }
  }

  /** Caller holds the monitor. */
  private void rotate() throws IOException {
    channel.force(false);
    fsyncCount++;
    synchronized (syncLock) {
      syncedLsn = writtenLsn; // everything written so far is now durable
      syncLock.notifyAll();
    }
    channel.close();
    segments.add(active);
    startSegment(nextLsn);
  }

  /**
   * Calls {@code consumer} for every record with an LSN above {@code afterLsn}, in order.
   *
   * @throws WalCorruptedException if records the caller needs were dropped or are missing
   */
  public synchronized void replay(long afterLsn, RecordConsumer consumer) throws IOException {
    ensureOpen();
    long expected = afterLsn + 1;
    List<Segment> all = new ArrayList<>(segments);
    all.add(active);
    for (Segment s : all) {
      try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
        long size = s == active ? channel.position() : ch.size();
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        long pos = HEADER;
        while (pos + RECORD_HEADER <= size) {
          int length = map.getInt((int) pos);
          long lsn = map.getLong((int) pos + 8);
          if (lsn > afterLsn) {
            if (lsn != expected) {
              throw new WalCorruptedException("write-ahead log " + dir + " is missing LSNs " + expected
                  + " to " + (lsn - 1) + " (needed after LSN " + afterLsn + "); restore from a snapshot");
            }
            byte[] record = new byte[length];
            map.get((int) pos + RECORD_HEADER, record);
            consumer.accept(lsn, record);
            expected++;
          }
          pos += RECORD_HEADER + length;
        }
      }
    }
    if (expected < nextLsn && nextLsn - 1 > afterLsn) {
      throw new WalCorruptedException("write-ahead log " + dir + " ends at LSN " + (expected - 1)
          + " but LSN " + (nextLsn - 1) + " was written");
    }
  }

  /**
   * Drops every segment whose records all have LSN at most {@code lsn} (a checkpoint now covers
   * them), rotating first when the active segment is one of them.
   */
  public synchronized void truncateUpTo(long lsn) throws IOException {
    ensureOpen();
    if (nextLsn - 1 <= lsn && nextLsn > active.firstLsn) {
      rotate();
    }
    while (!segments.isEmpty()) {
      Segment oldest = segments.get(0);
      long lastOfOldest = (segments.size() > 1 ? segments.get(1).firstLsn : active.firstLsn) - 1;
      if (lastOfOldest > lsn) {
        break;
      }
      bytes -= Files.size(oldest.path);
      Files.deleteIfExists(oldest.path);
      segments.remove(0);
    }
    ChecksummedFileWriter.fsyncDirectory(dir);
  }

  /** LSN of the last appended record (0 when none ever was). */
  public synchronized long lastLsn() {
    return nextLsn - 1;
  }

  /** Bytes in all segments. */
  public synchronized long sizeBytes() {
    return bytes;
  }

  public Durability durability() {
    return durability;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    channel.force(true);
    channel.close();
    synchronized (syncLock) {
      syncedLsn = writtenLsn;
      syncLock.notifyAll();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + dir + " is closed");
    }
  }

  private static WalCorruptedException corrupt(Path file, long offset, String problem) {
    return new WalCorruptedException("write-ahead log " + file + " is corrupt at byte " + offset + ": "
        + problem + ". Restore from a snapshot, or move the file away to accept losing its records.");
  }
}
