package dev.quiver.embed;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.audio.AudioModelSettings;
import dev.quiver.embed.audio.BuiltinAudioModel;
import dev.quiver.embed.image.BuiltinImageModel;
import dev.quiver.embed.image.ClipModelSettings;
import dev.quiver.embed.image.ImageModelSettings;
import dev.quiver.embed.image.TextImageModel;
import dev.quiver.embed.onnx.BuiltinOnnxModel;
import dev.quiver.embed.onnx.OnnxModelSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Embedding models by name: the built-in ONNX sentence transformers ({@value #DEFAULT_MODEL}, the
 * default, and {@code bge-small-en-v1.5}), the built-in image models ({@link BuiltinImageModel})
 * plus whatever the application registers. Models are loaded
 * on first {@link #get} and then shared; loading takes a second or two and a few hundred MB.
 *
 * <p>The registry owns the models it hands out: callers must not close them; {@link #close()}
 * closes every loaded one. Thread-safe (every method synchronises on this registry; loading a model
 * happens under that lock so two threads never load the same one twice).
 *
 * <pre>{@code
 * EmbeddingModel minilm = EmbeddingModels.shared().get("all-MiniLM-L6-v2");
 * registry.registerOnnx("e5-small", Map.of("model", "/m/model.onnx", "tokenizer", "/m/tokenizer.json",
 *     "pooling", "mean", "query-prefix", "query: "));
 * }</pre>
 */
public final class EmbeddingModels implements AutoCloseable {

  /** The model used when none is named. */
  public static final String DEFAULT_MODEL = "all-MiniLM-L6-v2";

  private static EmbeddingModels shared; // guarded by EmbeddingModels.class

  /** Registered factories by lower-case name, in registration order. Guarded by this. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private boolean closed; // guarded by this

  private record Entry(String name, Supplier<? extends EmbeddingModel> factory,
      EmbeddingModel[] loaded) {}

  /** A registry holding the built-in models (none loaded yet). */
  public EmbeddingModels() {
    for (BuiltinOnnxModel builtin : BuiltinOnnxModel.values()) {
      put(builtin.modelName(), builtin::load);
    }
    put(BuiltinImageModel.QUIVER_FASHION_CNN.modelName(), BuiltinImageModel.QUIVER_FASHION_CNN::load);
    // Text side: this registry's own all-MiniLM-L6-v2 (shared, so not closed with the joint model).
    put(BuiltinImageModel.QUIVER_FASHION_CLIP.modelName(), () -> new TextImageModel(
        BuiltinImageModel.QUIVER_FASHION_CLIP.modelName(), get(BuiltinImageModel.CLIP_TEXT_MODEL),
        BuiltinImageModel.QUIVER_FASHION_CLIP.load(), false));
    for (BuiltinAudioModel audio : BuiltinAudioModel.values()) {
      put(audio.modelName(), audio::load);
    }
  }

  /** Environment variable naming a JSON file of the user's models ({@link #registerFromFile}). */
  public static final String MODELS_ENV = "QUIVER_MODELS";
  /** System property doing the same; it wins over the environment. */
  public static final String MODELS_PROPERTY = "quiver.models";

  /**
   * The process-wide registry, created on first use with the built-in models plus those listed in
   * the file named by {@value #MODELS_PROPERTY} or {@value #MODELS_ENV}, if set.
   */
  public static synchronized EmbeddingModels shared() {
    if (shared == null) {
      EmbeddingModels m = new EmbeddingModels();
      String file = System.getProperty(MODELS_PROPERTY, System.getenv(MODELS_ENV));
      if (file != null && !file.isBlank()) {
        m.registerFromFile(java.nio.file.Path.of(file.strip()));
      }
      shared = m;
    }
    return shared;
  }

  /**
   * Registers every model of a JSON file: {@code {"e5-small": {"model": "/m/model.onnx",
   * "tokenizer": "/m/tokenizer.json", "pooling": "mean", "query-prefix": "query: "}, ...}}, with
   * the settings of {@link OnnxModelSettings}; relative paths are resolved against the file's folder.
   * A model's {@code "type"} picks its kind: {@code "sentence"} (the default, a text model),
   * {@code "audio"} ({@link AudioModelSettings}), {@code "image"} ({@link ImageModelSettings}),
   * {@code "clip"} ({@link ClipModelSettings}); lists of numbers ({@code "mean": [0.48, 0.45,
   * 0.40]}) are accepted where a setting takes several values.
   *
   * @throws IllegalArgumentException naming the file, the model and the bad setting
   */
  public void registerFromFile(java.nio.file.Path file) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read the model list " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("model list " + file + " must be a JSON object of model name to"
          + " settings, e.g. {\"e5-small\": {\"model\": \"model.onnx\", \"tokenizer\": \"tokenizer.json\"}}");
    }
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    for (var it = root.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isObject()) {
        throw new IllegalArgumentException("model list " + file + ": '" + e.getKey()
            + "' must map to an object of settings, got " + e.getValue());
      }
      Map<String, String> settings = new LinkedHashMap<>();
      for (var f = e.getValue().fields(); f.hasNext(); ) {
        var kv = f.next();
        String v = settingText(kv.getValue());
        if (v == null) {
          throw new IllegalArgumentException("model list " + file + ": " + e.getKey() + "." + kv.getKey()
              + " must be a string, number, boolean or list of numbers, got " + kv.getValue());
        }
        if (PATH_KEYS.contains(kv.getKey()) && dir != null) {
          v = dir.resolve(v).toString();
        }
        settings.put(kv.getKey(), v);
      }
      try {
        String type = settings.containsKey("type") ? settings.remove("type").trim() : "sentence";
        switch (type.toLowerCase(java.util.Locale.ROOT)) {
          case "sentence" -> registerOnnx(e.getKey(), settings);
          case "image" -> register(e.getKey(), ImageModelSettings.parse(e.getKey(), settings)::load);
          case "audio" -> register(e.getKey(), AudioModelSettings.parse(e.getKey(), settings)::load);
          case "clip" -> {
            ClipModelSettings clip = ClipModelSettings.parse(e.getKey(), settings);
            String name = e.getKey();
            register(name, () -> clip.load(name));
          }
          default -> throw new IllegalArgumentException("embedding model '" + e.getKey()
              + "': type '" + type + "' is not one of: " + String.join(", ", MODEL_TYPES));
        }
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("model list " + file + ": " + ex.getMessage(), ex);
      }
    }
  }

  /** The kinds of model a model list's {@code "type"} names. */
  private static final List<String> MODEL_TYPES = List.of("sentence", "image", "clip", "audio");
  /** Settings holding file paths, resolved against the model list's folder. */
  private static final java.util.Set<String> PATH_KEYS =
      java.util.Set.of("model", "tokenizer", "image-model", "text-model");

  /** A setting's value as text: scalars as they are, a list of scalars comma-separated; else null. */
  private static String settingText(com.fasterxml.jackson.databind.JsonNode value) {
    if (value.isValueNode() && !value.isNull()) {
      return value.asText();
    }
    if (value.isArray() && !value.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (var item : value) {
        if (!item.isNumber()) {
          return null;
        }
        parts.add(item.asText());
      }
      return String.join(",", parts);
    }
    return null;
  }

  /** The model registered under {@code name} (case-insensitive), loading it on first use. */
  public synchronized EmbeddingModel get(String name) {
    if (closed) {
      throw new IllegalStateException("embedding model registry is closed");
    }
    Entry entry = name == null ? null : entries.get(key(name));
    if (entry == null) {
      throw new IllegalArgumentException("unknown embedding model '" + name + "', expected one of "
          + names());
    }
    if (entry.loaded[0] == null) {
      EmbeddingModel model = Objects.requireNonNull(entry.factory.get(),
          "factory of embedding model '" + entry.name + "' returned null");
      entry.loaded[0] = model;
    }
    return entry.loaded[0];
  }

  /** The default model ({@value #DEFAULT_MODEL}). */
  public EmbeddingModel getDefault() {
    return get(DEFAULT_MODEL);
  }

  /** Registered names, built-ins first. */
  public synchronized List<String> names() {
    List<String> names = new ArrayList<>();
    for (Entry e : entries.values()) {
      names.add(e.name);
    }
    return names;
  }

  /** True when {@code name} is registered (loaded or not). */
  public synchronized boolean contains(String name) {
    return name != null && entries.containsKey(key(name));
  }

  /**
   * Registers a model made on first {@link #get}. A name may be registered once; built-in names
   * are taken.
   */
  public synchronized void register(String name, Supplier<? extends EmbeddingModel> factory) {
    Objects.requireNonNull(factory, "factory");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("embedding model name must not be blank");
    }
    if (entries.containsKey(key(name))) {
      throw new IllegalArgumentException("embedding model '" + name + "' is already registered"
          + (BuiltinOnnxModel.byName(name) != null || BuiltinImageModel.byName(name) != null
              ? " (built-in)" : "")
          + "; pick another name");
    }
    put(name, factory);
  }

  /**
   * Registers the user's own ONNX sentence model from configuration (keys in
   * {@link OnnxModelSettings}). The settings and files are checked now; the model loads on first
   * {@link #get}.
   */
  public void registerOnnx(String name, Map<String, String> settings) {
    OnnxModelSettings parsed = OnnxModelSettings.parse(name, settings);
    register(name, parsed::load);
  }

  private void put(String name, Supplier<? extends EmbeddingModel> factory) {
    entries.put(key(name), new Entry(name, factory, new EmbeddingModel[1]));
  }

  private static String key(String name) {
    return name.trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** Closes every loaded model. */
  @Override
  public synchronized void close() {
    closed = true;
    RuntimeException first = null;
    for (Entry e : entries.values()) {
      EmbeddingModel m = e.loaded[0];
      e.loaded[0] = null;
      if (m != null) {
        try {
          m.close();
        } catch (RuntimeException ex) {
          if (first == null) {
            first = ex;
          } else {
            first.addSuppressed(ex);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
