package dev.quiver.cli;

import java.util.Locale;

/** Vectors written as text: a JSON array {@code [0.1, 0.2]} or floats separated by spaces, commas or semicolons. */
final class VectorText {

  private VectorText() {}

  /**
   * Parses a vector.
   *
   * @throws IllegalArgumentException naming the bad component and its position
   */
  static float[] parse(String text) {
    String t = text.trim();
    if (t.startsWith("[")) {
      if (!t.endsWith("]")) {
        throw new IllegalArgumentException("vector '" + abbreviate(t) + "' starts with [ but does not end with ]");
      }
      t = t.substring(1, t.length() - 1).trim();
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("vector is empty; expected numbers such as [0.1, 0.2] or 0.1 0.2");
    }
    String[] parts = t.split("[\\s,;]+");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = component(parts[i], i);
    }
    return v;
  }

  /** One component; finite 32-bit floats only. */
  static float component(String s, int index) {
    float f;
    try {
      f = Float.parseFloat(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("vector component " + index + " is '" + s + "'; expected a number");
    }
    String lower = s.trim().toLowerCase(Locale.ROOT);
    if (!Float.isFinite(f) || lower.endsWith("f") || lower.endsWith("d") || lower.startsWith("0x")) {
      throw new IllegalArgumentException("vector component " + index + " is '" + s
          + "'; expected a finite number within ±3.4028235e38");
    }
    return f;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
