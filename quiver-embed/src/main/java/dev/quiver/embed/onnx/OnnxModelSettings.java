package dev.quiver.embed.onnx;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user's own ONNX sentence model as written in configuration: where its files are and how to run
 * it. Parsed from string settings so that properties files, CLI flags and JSON all map onto it:
 *
 * <pre>
 * model        = /models/e5-small/model.onnx        (required, a readable file)
 * tokenizer    = /models/e5-small/tokenizer.json    (required, a readable file)
 * pooling      = mean | cls                         (default mean)
 * normalize    = true | false                       (default true)
 * max-length   = 2..8192 tokens                     (default 512)
 * query-prefix = "query: "                          (default none)
 * batch-size   = texts per ONNX Runtime call        (default 32)
 * threads      = ONNX Runtime intra-op threads      (default: available processors)
 * concurrent-batches = batches run at once           (default 1)
 * </pre>
 *
 * @param config how to run it
 * @param modelFile the ONNX graph
 * @param tokenizerFile the HuggingFace {@code tokenizer.json}
 */
public record OnnxModelSettings(OnnxModelConfig config, Path modelFile, Path tokenizerFile) {

  /** Every key {@link #parse} accepts. */
  public static final Set<String> KEYS = Set.of("model", "tokenizer", "pooling", "normalize",
      "max-length", "query-prefix", "batch-size", "threads", "concurrent-batches");

  /** Parses and checks settings; every error names the model, the key and the bad value. */
  public static OnnxModelSettings parse(String name, Map<String, String> settings) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedding model name must not be blank");
    }
    Set<String> unknown = new LinkedHashSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("embedding model '" + name + "': unknown setting(s) "
          + unknown + ", expected some of " + new java.util.TreeSet<>(KEYS));
    }
    Path model = file(name, "model", settings.get("model"));
    Path tokenizer = file(name, "tokenizer", settings.get("tokenizer"));
    Pooling pooling;
    try {
      pooling = Pooling.parse(settings.getOrDefault("pooling", "mean"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("embedding model '" + name + "': " + e.getMessage(), e);
    }
    boolean normalize = bool(name, "normalize", settings.getOrDefault("normalize", "true"));
    int maxLength = integer(name, "max-length", settings.get("max-length"),
        OnnxModelConfig.DEFAULT_MAX_LENGTH);
    int batchSize = integer(name, "batch-size", settings.get("batch-size"),
        OnnxModelConfig.DEFAULT_BATCH_SIZE);
    int threads = integer(name, "threads", settings.get("threads"),
        Runtime.getRuntime().availableProcessors());
    int concurrent = integer(name, "concurrent-batches", settings.get("concurrent-batches"), 1);
    OnnxModelConfig config = new OnnxModelConfig(name, pooling, normalize, maxLength,
        settings.getOrDefault("query-prefix", ""), batchSize, threads, concurrent);
    return new OnnxModelSettings(config, model, tokenizer);
  }

  /** Reads the files and starts the session. */
  public OnnxSentenceModel load() {
    return OnnxSentenceModel.fromFiles(config, modelFile, tokenizerFile);
  }

  private static Path file(String name, String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("embedding model '" + name + "': setting '" + key
          + "' is required (path to the " + (key.equals("model") ? "ONNX file" : "tokenizer.json")
          + ")");
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

  private static boolean bool(String name, String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true": return true;
      case "false": return false;
      default:
        throw new IllegalArgumentException("embedding model '" + name + "': " + key + " '" + value
            + "' is not one of: true, false");
    }
  }

  private static int integer(String name, String key, String value, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("embedding model '" + name + "': " + key + " '" + value
          + "' is not a whole number", e);
    }
  }
}
