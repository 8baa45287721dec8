package dev.quiver.embed.audio;

import java.util.Locale;

/** Analysis windows, in their periodic form (as {@code scipy.signal.get_window} and librosa use). */
public enum WindowType {
  /** 0.5 − 0.5·cos(2πn/N). */
  HANN,
  /** 0.54 − 0.46·cos(2πn/N). */
  HAMMING;

  /** The window's N coefficients. */
  public double[] coefficients(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double c = Math.cos(2 * Math.PI * i / n);
      w[i] = this == HANN ? 0.5 - 0.5 * c : 0.54 - 0.46 * c;
    }
    return w;
  }

  /** Case-insensitive name: {@code hann} or {@code hamming}. */
  public static WindowType parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "hann", "hanning" -> HANN;
      case "hamming" -> HAMMING;
      default -> throw new IllegalArgumentException("window '" + text + "' is not one of: hann, hamming");
    };
  }
}
