package dev.quiver.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place at most every {@value #REDRAW_NANOS} ns:
 * {@code [=======>      ]  52%  120,000 points  8,431 points/s}. Without a known total (stdin)
 * only the counts. Off when stderr is not a terminal or with --quiet.
 */
final class Progress {

  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private final long total;
  private final String unit;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean enabled, long total) {
    this(err, enabled, total, "points");
  }

  /** {@code unit}: what the counts count ("points", "chunks"). */
  Progress(PrintWriter err, boolean enabled, long total, String unit) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
    this.unit = unit;
  }

  /** Whether this process talks to a terminal (JDK 22+ always has a Console; ask it). */
  static boolean terminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a Console exists only on a terminal
    }
  }

  void update(long points, long done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(points, done);
  }

  private void draw(long points, long done) {
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    StringBuilder b = new StringBuilder("\r");
    if (total > 0) {
      double f = Math.min(1.0, (double) done / total);
      int filled = (int) (f * WIDTH);
      b.append('[').append("=".repeat(filled)).append(filled < WIDTH ? ">" : "")
          .append(" ".repeat(Math.max(0, WIDTH - filled - 1))).append("] ")
          .append(String.format(Locale.ROOT, "%3d%%  ", (int) (f * 100)));
    }
    b.append(String.format(Locale.ROOT, "%,d %s  %,.0f %s/s   ", points, unit, points / seconds, unit));
    err.print(b);
    err.flush();
    drawn = true;
  }

  /** Draws the final state and ends the line. */
  void finish(long points, long done) {
    if (enabled) {
      draw(points, done);
      err.println();
      err.flush();
    }
  }

  /** Ends the bar's line so that a message can be printed below it. */
  void interrupt() {
    if (enabled && drawn) {
      err.println();
      drawn = false;
    }
  }
}
