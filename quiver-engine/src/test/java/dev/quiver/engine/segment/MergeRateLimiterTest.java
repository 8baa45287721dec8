package dev.quiver.engine.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MergeRateLimiterTest {

  private static final long MB = 1024 * 1024;
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** A clock that only moves when the limiter sleeps or the test says so. */
  private static final class FakeTime {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final List<Long> sleeps = new ArrayList<>();

    MergeRateLimiter limiter(double mbPerSec) {
      return new MergeRateLimiter(mbPerSec, now::get, nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
      });
    }

    long slept() {
      return sleeps.stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void sleepsSoThatWritesMatchTheRate() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(10);
    assertEquals(100 * MS, limiter.pause(MB));
    long start = time.now.get();
    for (int i = 0; i < 99; i++) {
      limiter.pause(MB);
    }
    // 99 MiB more at 10 MiB/s: 9.9 s of (fake) time, every chunk paying its 100 ms.
    assertEquals(9_900 * MS, time.now.get() - start, 1_000);
    assertEquals(100, time.sleeps.size());
  }

  @Test
  void aWriterSlowerThanTheRateIsNotPaused() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(10);
    for (int i = 0; i < 20; i++) {
      time.now.addAndGet(200 * MS); // writing 1 MiB took 200 ms: 5 MiB/s, under the limit
      assertEquals(0, limiter.pause(MB));
    }
    assertTrue(time.sleeps.isEmpty());
  }

  @Test
  void idleTimeIsNotSavedForABurst() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(10);
    limiter.pause(MB);
    time.now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    time.sleeps.clear();
    // The first chunk after the pause was written during it; the next four pay in full.
    for (int i = 0; i < 5; i++) {
      limiter.pause(MB);
    }
    assertEquals(List.of(100 * MS, 100 * MS, 100 * MS, 100 * MS), time.sleeps);
  }

  @Test
  void tinyPausesAreCarriedOverNotLost() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(10);
    long start = time.now.get();
    for (int i = 0; i < 10 * 1024; i++) {
      limiter.pause(1024); // 10 MiB in 1 KiB chunks, each ~98 µs at 10 MiB/s
    }
    for (long s : time.sleeps) {
      assertTrue(s >= MergeRateLimiter.MIN_PAUSE_NANOS, "slept " + s + " ns, below the minimum pause");
    }
    long elapsed = time.now.get() - start;
    assertTrue(elapsed > 1_000 * MS - MergeRateLimiter.MIN_PAUSE_NANOS && elapsed <= 1_000 * MS,
        "10 MiB at 10 MiB/s took " + elapsed + " ns of fake time, expected about 1 s");
    assertTrue(time.sleeps.size() < 10 * 1024 / 5, "tiny pauses were slept one by one: " + time.sleeps.size());
  }

  @Test
  void chunksWorthLessThanANanosecondStillAddUp() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(1_000); // 1 byte: 0.95 ns
    long start = time.now.get();
    for (int i = 0; i < 10 * MB; i++) {
      limiter.pause(1);
    }
    long elapsed = time.now.get() - start; // 10 MiB at 1000 MiB/s: 10 ms
    assertTrue(elapsed > 10 * MS - MergeRateLimiter.MIN_PAUSE_NANOS && elapsed <= 10 * MS,
        "10 MiB in 1-byte chunks at 1000 MiB/s took " + elapsed + " ns of fake time, expected about 10 ms");
  }

  @Test
  void zeroMeansUnlimitedAndTheRateCanChange() throws InterruptedException {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(0);
    for (int i = 0; i < 100; i++) {
      assertEquals(0, limiter.pause(1024 * MB));
    }
    assertTrue(time.sleeps.isEmpty());
    limiter.setMbPerSec(20);
    assertEquals(20.0, limiter.mbPerSec());
    assertEquals(50 * MS, limiter.pause(MB));
    limiter.setMbPerSec(0);
    assertEquals(0, limiter.pause(1024 * MB));
  }

  @Test
  void threadsSharingALimiterShareTheRate() throws Exception {
    // The clock stands still and the sleeper does nothing, so every pause returns how far ahead of
    // now the limiter has booked all writes so far: the largest must be exactly all bytes / rate.
    AtomicLong maxWait = new AtomicLong();
    MergeRateLimiter limiter = new MergeRateLimiter(1, () -> 0L, nanos -> maxWait.accumulateAndGet(nanos, Math::max));
    int threads = 8;
    int calls = 1_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try {
          go.await();
          for (int i = 0; i < calls; i++) {
            limiter.pause(MB / 1024 * 10); // 10 KiB: 9.765625 ms at 1 MiB/s, exact in nanos
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertEquals(null, failure.get());
    assertEquals(threads * calls * 9_765_625L, maxWait.get());
  }

  @Test
  void anInterruptedMergeStopsAtThePause() throws Exception {
    FakeTime time = new FakeTime();
    MergeRateLimiter limiter = time.limiter(0);
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> limiter.pause(1));
    assertFalse(Thread.interrupted(), "the interrupt status should be cleared by the exception");
  }

  @Test
  void anInterruptWakesASleepingPause() throws Exception {
    // Real sleeper, fake clock standing still: the pause would last about 17 minutes.
    MergeRateLimiter limiter = new MergeRateLimiter(1, () -> 0L, TimeUnit.NANOSECONDS::sleep);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread merge = new Thread(() -> {
      started.countDown();
      try {
        limiter.pause(1024 * MB);
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    merge.start();
    started.await();
    merge.interrupt();
    merge.join(TimeUnit.MINUTES.toMillis(5)); // a liveness bound only; nothing is timed
    assertFalse(merge.isAlive(), "the pause did not end on interrupt");
    assertTrue(thrown.get() instanceof InterruptedException, "expected InterruptedException, got " + thrown.get());
  }

  @Test
  void rejectsBadArguments() {
    FakeTime time = new FakeTime();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> time.limiter(-1));
    assertTrue(e.getMessage().contains("-1.0") && e.getMessage().contains("expected 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> time.limiter(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> time.limiter(Double.POSITIVE_INFINITY));
    MergeRateLimiter limiter = time.limiter(1);
    e = assertThrows(IllegalArgumentException.class, () -> limiter.pause(-5));
    assertTrue(e.getMessage().contains("-5") && e.getMessage().contains("expected 0 or more"), e.getMessage());
  }
}
