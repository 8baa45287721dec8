package dev.quiver.embed.audio;

import java.util.Locale;

/**
 * How an {@link OnnxAudioModel} turns WAV files into its input and its output into vectors.
 *
 * @param name registry name
 * @param features decoding, feature settings, trimming and the longest sequence
 * @param kind which frames the graph takes
 * @param normalize scale output vectors to unit length
 * @param batchSize sounds per ONNX Runtime call
 * @param threads ONNX Runtime intra-op threads
 */
public record AudioModelConfig(String name, AudioFeatures features, FeatureKind kind,
    boolean normalize, int batchSize, int threads) {

  /** The frames an audio graph takes. */
  public enum FeatureKind {
    /** Log-mel energies, {@code melBands} per frame. */
    LOG_MEL,
    /** MFCCs, {@code coefficients} per frame. */
    MFCC;

    /** Configuration name: {@code log-mel} or {@code mfcc}. */
    public String configName() {
      return this == LOG_MEL ? "log-mel" : "mfcc";
    }

    public static FeatureKind parse(String text) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "log-mel", "logmel" -> LOG_MEL;
        case "mfcc" -> MFCC;
        default -> throw new IllegalArgumentException("features '" + text
            + "' is not one of: log-mel, mfcc");
      };
    }
  }

  public AudioModelConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("audio model name must not be blank");
    }
    if (features == null || kind == null) {
      throw new IllegalArgumentException("audio model '" + name + "' needs features and a feature kind");
    }
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("audio model '" + name + "': batch-size " + batchSize
          + " is out of range, expected 1 to 4096");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("audio model '" + name + "': threads " + threads
          + " is out of range, expected 1 to 256");
    }
  }

  /** Numbers per frame the graph takes. */
  public int featureDimension() {
    MfccConfig c = features.extractor().config();
    return kind == FeatureKind.MFCC ? c.coefficients() : c.melBands();
  }
}
