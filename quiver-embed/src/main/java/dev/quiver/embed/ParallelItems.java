package dev.quiver.embed;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Per-item work of a batch (decoding images or sounds, computing features) on all cores. A failing
 * item's exception reaches the caller as it was thrown, with its message intact: a parallel
 * stream would rethrow a worker thread's exception wrapped in a copy whose message starts with
 * the class name ("java.lang.IllegalArgumentException: image 3 is not an image"). When several
 * items fail, the one with the lowest index is reported, so the answer does not depend on timing.
 */
public final class ParallelItems {

  private ParallelItems() {}

  /** Runs {@code body} for every index in {@code [0, n)}, in parallel when {@code n > 1}. */
  public static void forEach(int n, IntConsumer body) {
    if (n <= 1) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    RuntimeException[] failures = new RuntimeException[n];
    IntStream.range(0, n).parallel().forEach(i -> {
      try {
        body.accept(i);
      } catch (RuntimeException e) {
        failures[i] = e;
      }
    });
    for (RuntimeException f : failures) {
      if (f != null) {
        throw f;
      }
    }
  }
}
