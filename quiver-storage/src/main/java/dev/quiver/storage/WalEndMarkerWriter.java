package dev.quiver.storage;

import dev.quiver.storage.WalEndMarker.Position;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a log's {@link WalEndMarker} current: forced updates (open, segment roll, close) and lazy
 * ones from the fsync path, at most one per {@link WriteAheadLog#END_MARK_INTERVAL_MILLIS}; a lazy
 * update due sooner is deferred to the interval's end on a timer, so every acknowledged record is in
 * the marker within about an interval, and a busy log writes the marker a few times a second.
 *
 * <p>Concurrency: {@code lock} guards the fields and serialises writes of the file. Lock order: the
 * log's monitor, then {@code lock}, then whatever {@code durableEnd} takes (the log's syncLock).
 */
final class WalEndMarkerWriter {

  /** The log's durable end now, or null when it is unknown (the log failed): then nothing is written. */
  @FunctionalInterface
  interface DurableEnd {
    Position get();
  }

  /** Runs the deferred updates of every log in this JVM: one daemon thread, idle but for small writes. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "quiver-wal-end-marker");
    t.setDaemon(true);
    return t;
  });
  private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(WriteAheadLog.END_MARK_INTERVAL_MILLIS);

  private final Path file;
  private final Path logDir;
  private final DurableEnd durableEnd;
  private final ReentrantLock lock = new ReentrantLock();
  private Position marked; // what the file says now
  private long lazyWrittenNanos; // when a lazy update was last written
  private boolean scheduled; // a deferred update is queued on TIMER
  private boolean failureLogged;
  /** Set by close: no more lazy updates (a deferred one may still be queued, and then does nothing). */
  private volatile boolean closed;

  WalEndMarkerWriter(Path file, Path logDir, DurableEnd durableEnd) {
    this.file = file;
    this.logDir = logDir;
    this.durableEnd = durableEnd;
    this.lazyWrittenNanos = System.nanoTime() - INTERVAL_NANOS;
  }

  /** Writes {@code p} whatever the file said (at open: the position may move back after an accepted loss). */
  void writeNow(Position p) throws IOException {
    lock.lock();
    try {
      write(p);
    } finally {
      lock.unlock();
    }
  }

  /** Writes the durable end now if it moved (segment roll, close). */
  void update() throws IOException {
    lock.lock();
    try {
      writeIfMoved();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The update after a data fsync, on the syncing thread once its followers are released. A
   * failure is only logged: the marker then stays behind the log, which never refuses a good log.
   */
  void updateLazily() {
    if (closed || !lock.tryLock()) {
      return; // closed, or another thread is writing it and will defer a later one if need be
    }
    try {
      long wait = lazyWrittenNanos + INTERVAL_NANOS - System.nanoTime();
      if (wait > 0) {
        if (!scheduled) {
          scheduled = true;
          TIMER.schedule(this::deferred, wait, TimeUnit.NANOSECONDS);
        }
        return;
      }
      lazyWrittenNanos = System.nanoTime();
      writeIfMoved();
    } catch (IOException e) {
      if (!failureLogged) {
        failureLogged = true;
        System.getLogger(WriteAheadLog.class.getName()).log(System.Logger.Level.WARNING,
            "write-ahead log {0}: could not update its end marker {1} (it stays behind the log, so a later loss"
                + " of records could go unnoticed): {2}", logDir, file, e.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    closed = true;
  }

  private void deferred() {
    lock.lock();
    try {
      scheduled = false;
    } finally {
      lock.unlock();
    }
    updateLazily();
  }

  /** Caller holds lock. */
  private void writeIfMoved() throws IOException {
    Position now = durableEnd.get();
    if (now != null && (marked == null || !marked.covers(now))) {
      write(now);
    }
  }

  /** Caller holds lock. */
  private void write(Position p) throws IOException {
    WalEndMarker.write(file, p);
    marked = p;
  }
}
