package dev.quiver.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Human-readable tables of points: id, score, a payload excerpt and optionally vectors. */
final class PointPrinter {

  static final int PAYLOAD_WIDTH = 80;

  private PointPrinter() {}

  record Row(String id, Float score, ObjectNode payload, Map<String, float[]> vectors) {}

  static void print(PrintWriter out, List<Row> rows) {
    int idWidth = 2;
    for (Row r : rows) {
      idWidth = Math.max(idWidth, r.id().length());
    }
    final int width = idWidth;
    boolean scores = !rows.isEmpty() && rows.get(0).score() != null;
    StringBuilder header = new StringBuilder(pad("id", idWidth));
    if (scores) {
      header.append("  ").append(String.format("%10s", "score"));
    }
    header.append("  payload");
    out.println(header);
    for (Row r : rows) {
      StringBuilder line = new StringBuilder(pad(r.id(), idWidth));
      if (scores) {
        line.append("  ").append(String.format(java.util.Locale.ROOT, "%10.6f", r.score()));
      }
      line.append("  ").append(excerpt(r.payload() == null ? "" : r.payload().toString(), PAYLOAD_WIDTH));
      out.println(line);
      if (r.vectors() != null) {
        r.vectors().forEach((name, v) -> out.println(pad("", width) + "  " + name + ": "
            + excerpt(Arrays.toString(v), PAYLOAD_WIDTH * 2)));
      }
    }
  }

  static String excerpt(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 3) + "...";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
