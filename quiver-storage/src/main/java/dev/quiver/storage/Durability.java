package dev.quiver.storage;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When {@link WriteAheadLog#append} returns, that is, when a write counts as done.
 *
 * <ul>
 *   <li>{@link #FSYNC_EVERY_WRITE} (the default, "fsync"): after an fsync that covers the record
 *       has completed. Survives power loss. Threads appending at the same time may share one
 *       fsync (the next one starts as soon as the previous ends), which never weakens the promise.
 *   <li>{@link Group} ("group:5ms"): after an fsync that covers the record, issued at most
 *       {@code maxDelay} after the first record not yet being synced. Survives power loss; adds up
 *       to {@code maxDelay} of latency so that more concurrent writers share each fsync.
 *   <li>{@link #NONE} ("none"): once the record is handed to the operating system, with no fsync.
 *       Survives a crash of the process (even SIGKILL), <b>not</b> a crash of the machine or a power
 *       loss: the last writes before one can be lost.
 * </ul>
 */
public sealed interface Durability permits Durability.Fsync, Durability.Group, Durability.None {

  Durability FSYNC_EVERY_WRITE = new Fsync();
  Durability NONE = new None();
  /** Delay of "group" without a number. */
  Duration DEFAULT_GROUP_DELAY = Duration.ofMillis(5);
  /** Longest accepted group-commit delay. */
  Duration MAX_GROUP_DELAY = Duration.ofSeconds(10);

  /** fsync before every acknowledgement. Prefer {@link #FSYNC_EVERY_WRITE}. */
  record Fsync() implements Durability {
    @Override
    public String toString() {
      return "fsync";
    }
  }

  /** Group commit with a bounded delay, 0 to {@link #MAX_GROUP_DELAY}. */
  record Group(Duration maxDelay) implements Durability {
    public Group {
      if (maxDelay == null || maxDelay.isNegative() || maxDelay.compareTo(MAX_GROUP_DELAY) > 0) {
        throw new IllegalArgumentException("group commit delay is " + maxDelay + "; expected 0 to "
            + MAX_GROUP_DELAY.toSeconds() + " s");
      }
    }

    @Override
    public String toString() {
      return "group:" + maxDelay.toMillis() + "ms";
    }
  }

  /** No fsync. Prefer {@link #NONE}. */
  record None() implements Durability {
    @Override
    public String toString() {
      return "none";
    }
  }

  static Durability group(Duration maxDelay) {
    return new Group(maxDelay);
  }

  /**
   * Parses the {@code toString()} form: "fsync", "none", "group" (5 ms), "group:10ms",
   * "group:10" (milliseconds) or "group:1s". Case and surrounding spaces are ignored.
   *
   * @throws IllegalArgumentException naming the bad text and the accepted forms
   */
  static Durability parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "fsync":
        return FSYNC_EVERY_WRITE;
      case "none":
        return NONE;
      case "group":
        return new Group(DEFAULT_GROUP_DELAY);
      default:
        break;
    }
    Matcher m = Pattern.compile("group:(\\d{1,9})(ms|s)?").matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = "s".equals(m.group(2)) ? Duration.ofSeconds(n) : Duration.ofMillis(n);
      if (d.compareTo(MAX_GROUP_DELAY) > 0) {
        throw new IllegalArgumentException("durability '" + text + "' has a group commit delay above the maximum of "
            + MAX_GROUP_DELAY.toSeconds() + " s");
      }
      return new Group(d);
    }
    throw new IllegalArgumentException("durability '" + text
        + "' is not known; expected fsync, group, group:<milliseconds>ms (e.g. group:5ms) or none");
  }
}
