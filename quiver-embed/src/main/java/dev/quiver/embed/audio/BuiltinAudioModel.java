package dev.quiver.embed.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The audio models that ship with Quiver. Both read WAV files (any rate, resampled to 16 kHz) and
 * use the {@link MfccConfig#defaults()} features of the sound (frames within {@value #TRIM_DB} dB
 * of the loudest). Their data, training and figures are in the repository's
 * {@code models/spoken-words/} folder.
 */
public enum BuiltinAudioModel {

  /**
   * Mean and standard deviation of 20 MFCCs and their deltas (80-d), standardised with the
   * statistics of the spoken-words training set, unit length. No learned weights.
   */
  QUIVER_MFCC("quiver-mfcc", "dev/quiver/embed/audio/quiver-mfcc-stats.json"),

  /**
   * A small CRNN (convolutions over log-mel frames, a GRU, masked mean and max pooling, a 128-d
   * projection, unit length) trained on ~190 English words synthesised by espeak-ng in many voices
   * so that the same word said by different voices lands close together
   * ({@code models/spoken-words/train.py}).
   */
  QUIVER_SPOKEN_WORDS("quiver-spoken-words", "dev/quiver/embed/audio/quiver-spoken-words.onnx");

  /** Frames more than this far below the loudest one are trimmed from both ends. */
  public static final double TRIM_DB = 40;
  /** Longest log-mel sequence the spoken-words model reads (2 s); longer sounds keep the middle. */
  public static final int MAX_FRAMES = 200;

  private final String modelName;
  private final String resource;

  BuiltinAudioModel(String modelName, String resource) {
    this.modelName = modelName;
    this.resource = resource;
  }

  /** Registry name. */
  public String modelName() {
    return modelName;
  }

  /** The built-in with this registry name (case-insensitive), or null. */
  public static BuiltinAudioModel byName(String name) {
    for (BuiltinAudioModel m : values()) {
      if (m.modelName.equalsIgnoreCase(name)) {
        return m;
      }
    }
    return null;
  }

  /** The model with its shipped settings. */
  public EmbeddingModel load() {
    MfccExtractor extractor = new MfccExtractor(MfccConfig.defaults());
    if (this == QUIVER_MFCC) {
      JsonNode stats;
      try {
        stats = new ObjectMapper().readTree(resourceBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("embedding model '" + modelName + "': cannot parse resource '"
            + resource + "': " + e.getMessage(), e);
      }
      return new MfccEmbeddingModel(modelName, new AudioFeatures(extractor, TRIM_DB, Integer.MAX_VALUE),
          floats(stats.get("mean")), floats(stats.get("std")));
    }
    AudioModelConfig config = new AudioModelConfig(modelName,
        new AudioFeatures(extractor, TRIM_DB, MAX_FRAMES), AudioModelConfig.FeatureKind.LOG_MEL, true,
        64, Math.max(1, Runtime.getRuntime().availableProcessors()));
    return OnnxAudioModel.fromBytes(config, resourceBytes());
  }

  private float[] floats(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new IllegalStateException("embedding model '" + modelName + "': resource '" + resource
          + "' lacks a numeric 'mean' or 'std' array");
    }
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  /** The shipped resource (ONNX graph or standardising statistics). */
  public byte[] resourceBytes() {
    try (InputStream in = BuiltinAudioModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("embedding model '" + modelName + "': classpath resource '"
            + resource + "' is missing from quiver-embed; rebuild it or run"
            + " models/spoken-words/train.py");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + modelName + "': cannot read resource '"
          + resource + "': " + e.getMessage(), e);
    }
  }
}
