package dev.quiver.embed.image;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's own ONNX image model as written in configuration ({@code "type": "image"} in a
 * {@code QUIVER_MODELS} file). Every value is a string (lists comma-separated):
 *
 * <pre>
 * model          = /models/resnet18/model.onnx   (required, a readable file)
 * input-size     = 224 | 224x224 (width x height) (required)
 * color          = rgb | bgr | gray              (default rgb)
 * resize         = crop | stretch                (default crop: shorter side, then centre crop)
 * resize-shorter = 256                           (default: the larger input side)
 * mean           = 0.485,0.456,0.406             (default 0; one value or one per channel)
 * std            = 0.229,0.224,0.225             (default 1)
 * input          = graph input name              (default: the first input)
 * output         = graph output name             (default: the first output)
 * pooling        = none | mean | cls             (default none)
 * normalize      = true | false                  (default true)
 * batch-size     = images per ONNX Runtime call  (default 64)
 * threads        = ONNX Runtime intra-op threads (default: available processors)
 * </pre>
 *
 * @param config how to run it
 * @param modelFile the ONNX graph
 */
public record ImageModelSettings(ImageModelConfig config, Path modelFile) {

  /** Every key {@link #parse} accepts. */
  public static final Set<String> KEYS = Set.of("model", "input-size", "color", "resize",
      "resize-shorter", "mean", "std", "input", "output", "pooling", "normalize", "batch-size",
      "threads");

  /** Parses and checks settings; every error names the model, the key and the bad value. */
  public static ImageModelSettings parse(String name, Map<String, String> settings) {
    requireName(name);
    checkKeys(name, settings, KEYS);
    Path model = file(name, "model", settings.get("model"), "the image ONNX file");
    return new ImageModelSettings(config(name, settings, ""), model);
  }

  /**
   * The image part of a model's settings, keys optionally prefixed (a CLIP model's
   * {@code image-input-size}, ...).
   */
  static ImageModelConfig config(String name, Map<String, String> settings, String prefix) {
    try {
      String size = settings.get(prefix + "input-size");
      if (size == null || size.isBlank()) {
        throw new IllegalArgumentException("setting '" + prefix + "input-size' is required (the"
            + " model's input width and height, e.g. 224 or 224x224)");
      }
      int[] wh = size(prefix + "input-size", size);
      ColorMode color = ColorMode.parse(settings.getOrDefault(prefix + "color", "rgb"));
      ResizeMode resize = ResizeMode.parse(settings.getOrDefault(prefix + "resize", "crop"));
      int shorter = integer(prefix + "resize-shorter", settings.get(prefix + "resize-shorter"),
          Math.max(wh[0], wh[1]));
      float[] mean = floats(prefix + "mean", settings.getOrDefault(prefix + "mean", "0"));
      float[] std = floats(prefix + "std", settings.getOrDefault(prefix + "std", "1"));
      ImagePreprocessing p = new ImagePreprocessing(wh[0], wh[1], color, resize, shorter, mean, std);
      OutputPooling pooling = OutputPooling.parse(settings.getOrDefault(prefix + "pooling", "none"));
      boolean normalize = bool(prefix + "normalize", settings.getOrDefault(prefix + "normalize",
          settings.getOrDefault("normalize", "true")));
      String batchKey = settings.containsKey(prefix + "batch-size") ? prefix + "batch-size"
          : "batch-size";
      int batch = integer(batchKey, settings.get(batchKey), ImageModelConfig.DEFAULT_BATCH_SIZE);
      int threads = integer("threads", settings.get("threads"),
          Runtime.getRuntime().availableProcessors());
      return new ImageModelConfig(name, p, blankToNull(settings.get(prefix + "input")),
          blankToNull(settings.get(prefix + "output")), pooling, normalize, batch, threads);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg != null && msg.startsWith("embedding model '") ? msg
          : "embedding model '" + name + "': " + msg, e);
    }
  }

  /** Reads the file and starts the session. */
  public OnnxImageModel load() {
    return OnnxImageModel.fromFile(config, modelFile);
  }

  static void requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedding model name must not be blank");
    }
  }

  static void checkKeys(String name, Map<String, String> settings, Set<String> keys) {
    Set<String> unknown = new LinkedHashSet<>(settings.keySet());
    unknown.removeAll(keys);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("embedding model '" + name + "': unknown setting(s) "
          + unknown + ", expected some of " + new TreeSet<>(keys));
    }
  }

  static Path file(String name, String key, String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("embedding model '" + name + "': setting '" + key
          + "' is required (path to " + what + ")");
    }
    Path path;
    try {
      path = Path.of(value.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("embedding model '" + name + "': " + key + " '" + value
          + "' is not a valid path", e);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("embedding model '" + name + "': " + key + " file '" + value
          + "' does not exist or is not a readable file");
    }
    return path;
  }

  private static int[] size(String key, String value) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).split("[x×,]");
    try {
      if (parts.length == 1) {
        int s = Integer.parseInt(parts[0].trim());
        return new int[] {s, s};
      }
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(key + " '" + value + "' is not a size, expected e.g. 224 or"
        + " 224x224 (width x height)");
  }

  static float[] floats(String key, String value) {
    String[] parts = value.trim().replace("[", "").replace("]", "").split("\\s*,\\s*|\\s+");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " '" + value + "' is not a list of numbers, expected"
            + " e.g. 0.485,0.456,0.406");
      }
    }
    return out;
  }

  static boolean bool(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default:
        throw new IllegalArgumentException(key + " '" + value + "' is not one of: true, false");
    }
  }

  static int integer(String key, String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " '" + value + "' is not a whole number", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
