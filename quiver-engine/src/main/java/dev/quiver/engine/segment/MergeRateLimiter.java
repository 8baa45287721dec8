package dev.quiver.engine.segment;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Limits the bytes per second that merges write, so background merges leave disk bandwidth to
 * searches, seals and the log. Merge writers call {@link #pause(long)} after each chunk they write;
 * the limiter sleeps the caller until that chunk fits the rate. One limiter may be shared by several
 * merge threads: the rate then bounds their sum.
 *
 * <p>How: the limiter keeps the instant at which everything written so far would have finished at
 * the rate ({@code due}). A chunk of {@code b} bytes was written since the previous call, so it is
 * booked from {@code due} or from that previous call, whichever is later, and moves {@code due} on
 * by {@code b / rate}; the caller sleeps until {@code due}. A writer slower than the rate is thus
 * never paused, and idle time earns at most the one chunk written after it, not a saved-up burst.
 * Pauses shorter than {@link #MIN_PAUSE_NANOS} are not slept but carried over to the next call, so
 * small chunks do not turn into many tiny sleeps.
 *
 * <p>Thread-safety: the booking state ({@code due}, {@code lastCall}) is guarded by {@code this}; callers sleep outside the lock, so a
 * second thread reserves its slot after the first one's while the first sleeps. The rate is
 * volatile and may be changed at any time; it applies from the next call.
 */
public final class MergeRateLimiter {

  /** Sleeps for a number of nanoseconds; must throw when the thread is interrupted. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  public static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final double BYTES_PER_MB = 1024.0 * 1024.0;

  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private volatile double mbPerSec;
  /** Guarded by {@code this}: when everything written so far is due at the rate. */
  private long due;
  /** Guarded by {@code this}: the clock at the previous call (at construction before the first). */
  private long lastCall;
  /** Guarded by {@code this}: the fraction of a nanosecond booked but not yet added to {@code due}. */
  private double dueFraction;

  /** A limiter of {@code mbPerSec} MiB/s (0 = unlimited) on the system clock. */
  public MergeRateLimiter(double mbPerSec) {
    this(mbPerSec, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /** A limiter on the given clock ({@link System#nanoTime} semantics) and sleeper, for tests. */
  public MergeRateLimiter(double mbPerSec, LongSupplier nanoClock, Sleeper sleeper) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    setMbPerSec(mbPerSec);
    lastCall = nanoClock.getAsLong();
    due = lastCall;
  }

  /** Changes the rate (MiB/s, 0 = unlimited); takes effect from the next {@link #pause} call. */
  public void setMbPerSec(double mbPerSec) {
    if (!(mbPerSec >= 0.0) || Double.isInfinite(mbPerSec)) {
      throw new IllegalArgumentException("merge rate is " + mbPerSec + " MB/s, expected 0 (unlimited) or a finite"
          + " positive number");
    }
    this.mbPerSec = mbPerSec;
  }

  public double mbPerSec() {
    return mbPerSec;
  }

  /**
   * Called after writing {@code bytesWritten} bytes: sleeps as long as the rate requires. Also a
   * cancellation point: throws at once if the thread is interrupted, even when unlimited.
   *
   * @return nanoseconds slept
   * @throws InterruptedException when the thread is interrupted before or during the pause (a
   *     closing collection stops its merges this way); the interrupt status is cleared
   */
  public long pause(long bytesWritten) throws InterruptedException {
    if (bytesWritten < 0) {
      throw new IllegalArgumentException("bytes written is " + bytesWritten + ", expected 0 or more");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("merge interrupted");
    }
    double rate = mbPerSec;
    if (rate == 0.0) {
      return 0;
    }
    long wait;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      // Differences, not comparisons, as nanoTime values may wrap.
      long from = due - lastCall < 0 ? lastCall : due;
      lastCall = now;
      // Capped so that one absurd call cannot overflow the clock arithmetic (about 3 years); the
      // fraction is kept so that many small chunks add up to exactly their bytes / rate.
      double nanos = Math.min(bytesWritten / (rate * BYTES_PER_MB) * 1e9, 1e17) + dueFraction;
      long whole = (long) nanos;
      dueFraction = nanos - whole;
      due = from + whole;
      wait = due - now;
    }
    if (wait < MIN_PAUSE_NANOS) {
      return 0;
    }
    sleeper.sleep(wait);
    return wait;
  }
}
