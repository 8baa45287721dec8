package dev.quiver.storage;

import java.time.Duration;
import java.util.Locale;

/**
 * When a write to the log counts as done.
 *
 * <ul>
 *   <li>{@link #FSYNC_EVERY_WRITE} (the default): after an fsync of that record. Survives power
 *       loss.
 *   <li>{@link Group}: after an fsync that covers the record, issued at most {@code maxDelay} after
 *       the first unsynced write. Concurrent writers share one fsync. Survives power loss; costs up
 *       to {@code maxDelay} of latency, saves fsyncs under concurrency.
 *   <li>{@link #NONE}: once the record is handed to the operating system. Survives a crash of the
 *       process (even SIGKILL) but not of the machine.
 * </ul>
 */
public sealed interface Durability permits Durability.Fsync, Durability.Group, Durability.None {

  Durability FSYNC_EVERY_WRITE = new Fsync();
  Durability NONE = new None();

  /** fsync before every acknowledgement. */
  record Fsync() implements Durability {
    @Override
    public String toString() {
      return "fsync";
    }
  }

  /** Group commit with a bounded delay. */
  record Group(Duration maxDelay) implements Durability {
    public Group {
      if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("group commit delay must be between 0 and 10 s, got " + maxDelay);
      }
    }

    @Override
    public String toString() {
      return "group:" + maxDelay.toMillis() + "ms";
    }
  }

  /** No fsync. */
  record None() implements Durability {
    @Override
    public String toString() {
      return "none";
    }
  }

  static Durability group(Duration maxDelay) {
    return new Group(maxDelay);
  }

  /** Parses "fsync", "group" (5 ms), "group:10ms", "group:2" (ms) or "none". */
  static Durability parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("fsync")) {
      return FSYNC_EVERY_WRITE;
    }
    if (t.equals("none")) {
      return NONE;
    }
    if (t.equals("group")) {
      return new Group(Duration.ofMillis(5));
    }
    if (t.startsWith("group:")) {
      String ms = t.substring(6).replace("ms", "");
      try {
        return new Group(Duration.ofMillis(Long.parseLong(ms)));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException("durability '" + text
        + "' is not known; expected fsync, group, group:<milliseconds>ms or none");
  }
}
