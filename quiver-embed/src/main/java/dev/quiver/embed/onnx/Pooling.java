package dev.quiver.embed.onnx;

import java.util.Locale;

/** How the token vectors of the last hidden state become one sentence vector. */
public enum Pooling {
  /** Average of the token vectors where the attention mask is 1 (sentence-transformers' default). */
  MEAN,
  /** The vector of the first token ({@code [CLS]}), as bge models are trained. */
  CLS;

  /** Parses {@code mean} or {@code cls} (any case); the error names the bad value. */
  public static Pooling parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "mean": return MEAN;
        case "cls": return CLS;
        default: break;
      }
    }
    throw new IllegalArgumentException("pooling '" + value + "' is not one of: mean, cls");
  }

  /** The configuration spelling: {@code mean} or {@code cls}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
