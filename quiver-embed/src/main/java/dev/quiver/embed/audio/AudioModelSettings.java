package dev.quiver.embed.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's own ONNX audio model as written in configuration ({@code "type": "audio"} in a
 * {@code models.json}), parsed from string settings:
 *
 * <pre>
 * model        = /models/birds/model.onnx   (required: graph [batch, frames, features] (+ mask) -> [batch, dim])
 * features     = log-mel | mfcc             (default log-mel)
 * trim-db      = 40                         (frames this far below the loudest are cut from both ends; 0 = none)
 * max-frames   = 200                        (longer sounds keep their middle frames)
 * normalize    = true | false               (default true)
 * batch-size   = 32, threads = cores
 * sample-rate, frame-length, hop-length, fft-size, window, pre-emphasis, mel-bands, f-min, f-max,
 * mel-scale, mel-norm, log-floor, coefficients, lifter   (see {@link MfccConfig}; defaults
 *                                            {@link MfccConfig#defaults()})
 * </pre>
 *
 * @param config how to run it
 * @param modelFile the ONNX graph
 */
public record AudioModelSettings(AudioModelConfig config, Path modelFile) {

  /** Keys besides the {@link MfccConfig#KEYS}. */
  public static final Set<String> MODEL_KEYS = Set.of("model", "features", "trim-db", "max-frames",
      "normalize", "batch-size", "threads");

  /** Parses and checks settings; every error names the model, the key and the bad value. */
  public static AudioModelSettings parse(String name, Map<String, String> settings) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedding model name must not be blank");
    }
    String owner = "audio model '" + name + "'";
    Set<String> unknown = MfccConfig.unknownKeys(settings, MODEL_KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(owner + ": unknown setting(s) " + unknown
          + ", expected some of " + MfccConfig.allKeys(MODEL_KEYS));
    }
    String value = settings.get("model");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(owner + ": setting 'model' is required (path to the ONNX"
          + " file)");
    }
    Path model;
    try {
      model = Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(owner + ": model '" + value + "' is not a valid path", e);
    }
    if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
      throw new IllegalArgumentException(owner + ": model file '" + value
          + "' does not exist or is not a readable file");
    }
    MfccConfig mfcc = MfccConfig.fromSettings(owner, settings, MfccConfig.defaults());
    AudioModelConfig.FeatureKind kind;
    try {
      kind = AudioModelConfig.FeatureKind.parse(settings.getOrDefault("features", "log-mel"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
    }
    double trimDb = number(owner, "trim-db", settings.get("trim-db"), 40);
    int maxFrames = integer(owner, "max-frames", settings.get("max-frames"), 200);
    AudioFeatures features;
    try {
      features = new AudioFeatures(new MfccExtractor(mfcc), trimDb, maxFrames);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
    }
    String norm = settings.getOrDefault("normalize", "true").trim().toLowerCase(Locale.ROOT);
    if (!norm.equals("true") && !norm.equals("false")) {
      throw new IllegalArgumentException(owner + ": normalize '" + settings.get("normalize")
          + "' is not one of: true, false");
    }
    AudioModelConfig config = new AudioModelConfig(name, features, kind, norm.equals("true"),
        integer(owner, "batch-size", settings.get("batch-size"), 32),
        integer(owner, "threads", settings.get("threads"), Runtime.getRuntime().availableProcessors()));
    return new AudioModelSettings(config, model);
  }

  /** Reads the graph and starts the session. */
  public OnnxAudioModel load() {
    byte[] onnx;
    try {
      onnx = Files.readAllBytes(modelFile);
    } catch (IOException e) {
      throw new UncheckedIOException("audio model '" + config.name() + "': cannot read model file "
          + modelFile + ": " + e.getMessage(), e);
    }
    return OnnxAudioModel.fromBytes(config, onnx);
  }

  private static int integer(String owner, String key, String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(owner + ": " + key + " '" + value + "' is not a whole number",
          e);
    }
  }

  private static double number(String owner, String key, String value, double fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(owner + ": " + key + " '" + value + "' is not a number", e);
    }
  }
}
