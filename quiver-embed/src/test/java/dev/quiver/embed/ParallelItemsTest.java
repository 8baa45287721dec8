package dev.quiver.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelItemsTest {

  @Test
  void everyIndexRunsOnce() {
    AtomicIntegerArray runs = new AtomicIntegerArray(1000);
    ParallelItems.forEach(1000, runs::incrementAndGet);
    for (int i = 0; i < 1000; i++) {
      assertEquals(1, runs.get(i), "index " + i);
    }
    ParallelItems.forEach(0, i -> {
      throw new AssertionError("no items, no calls");
    });
  }

  @Test
  void aFailingItemReachesTheCallerWithItsOwnMessageAndTheLowestIndexWins() {
    // Many rounds: with a plain parallel stream, a failure on a worker thread comes back wrapped
    // ("java.lang.IllegalArgumentException: item 37 ...") and which item is reported varies.
    for (int round = 0; round < 200; round++) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ParallelItems.forEach(64, i -> {
            if (i == 37 || i == 50) {
              throw new IllegalArgumentException("item " + i + " is bad");
            }
            long spin = 0;
            for (int k = 0; k < 10_000; k++) {
              spin += k;
            }
            if (spin < 0) {
              throw new AssertionError();
            }
          }));
      assertEquals("item 37 is bad", e.getMessage());
    }
  }
}
