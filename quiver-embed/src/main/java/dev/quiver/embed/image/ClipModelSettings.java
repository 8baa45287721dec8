package dev.quiver.embed.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A user's own CLIP-style model ({@code "type": "clip"} in a {@code QUIVER_MODELS} file): separate
 * image and text ONNX encoders that share one space, and the text side's HuggingFace
 * {@code tokenizer.json}. The model takes text and images ({@link TextImageModel}). Settings:
 *
 * <pre>
 * image-model  = /models/clip/vision.onnx   (required)
 * text-model   = /models/clip/text.onnx     (required; inputs input_ids [, attention_mask])
 * tokenizer    = /models/clip/tokenizer.json (required)
 * text-output  = graph output of the text model  (default: its first output)
 * text-pooling = none | eos | cls | mean          (default none: the output is [batch, dim])
 * max-length   = tokens per text                  (default 77)
 * pad-id       = token id of padding              (default 0; masked out)
 * normalize    = true | false                     (default true, both sides)
 * batch-size   = texts or images per ONNX call    (default 64)
 * threads      = ONNX Runtime intra-op threads    (default: available processors)
 * image-input-size, image-color, image-resize, image-resize-shorter, image-mean, image-std,
 * image-input, image-output, image-pooling: as the image model settings of
 * {@link ImageModelSettings} (CLIP: 224, rgb, crop, 224, 0.4815,0.4578,0.4082,
 * 0.2686,0.2613,0.2758)
 * </pre>
 *
 * @param image the image side's run settings
 * @param imageFile the image ONNX graph
 * @param text the text side's run settings
 * @param textFile the text ONNX graph
 * @param tokenizerFile the text side's {@code tokenizer.json}
 */
public record ClipModelSettings(ImageModelConfig image, Path imageFile,
    OnnxTextEncoder.Config text, Path textFile, Path tokenizerFile) {

  /** Every key {@link #parse} accepts. */
  public static final Set<String> KEYS;

  static {
    Set<String> keys = new HashSet<>(Set.of("image-model", "text-model", "tokenizer", "text-output",
        "text-pooling", "max-length", "pad-id", "normalize", "batch-size", "threads"));
    for (String k : ImageModelSettings.KEYS) {
      if (!Set.of("model", "normalize", "batch-size", "threads").contains(k)) {
        keys.add("image-" + k);
      }
    }
    KEYS = Set.copyOf(keys);
  }

  /** Parses and checks settings; every error names the model, the key and the bad value. */
  public static ClipModelSettings parse(String name, Map<String, String> settings) {
    ImageModelSettings.requireName(name);
    ImageModelSettings.checkKeys(name, settings, KEYS);
    Path imageFile = ImageModelSettings.file(name, "image-model", settings.get("image-model"),
        "the image encoder's ONNX file");
    Path textFile = ImageModelSettings.file(name, "text-model", settings.get("text-model"),
        "the text encoder's ONNX file");
    Path tokenizer = ImageModelSettings.file(name, "tokenizer", settings.get("tokenizer"),
        "the text encoder's tokenizer.json");
    ImageModelConfig image = ImageModelSettings.config(name + "-image", settings, "image-");
    OnnxTextEncoder.Config text;
    try {
      String output = settings.get("text-output");
      text = new OnnxTextEncoder.Config(name + "-text",
          output == null || output.isBlank() ? null : output.trim(),
          TextPooling.parse(settings.getOrDefault("text-pooling", "none")),
          ImageModelSettings.bool("normalize", settings.getOrDefault("normalize", "true")),
          ImageModelSettings.integer("max-length", settings.get("max-length"), 77),
          ImageModelSettings.integer("pad-id", settings.get("pad-id"), 0),
          image.batchSize(), image.intraOpThreads());
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg != null && msg.startsWith("embedding model '") ? msg
          : "embedding model '" + name + "': " + msg, e);
    }
    return new ClipModelSettings(image, imageFile, text, textFile, tokenizer);
  }

  /** Loads both encoders; the text side is closed if the image side fails. */
  public TextImageModel load(String name) {
    OnnxTextEncoder textEncoder;
    try {
      textEncoder = OnnxTextEncoder.fromBytes(text, Files.readAllBytes(textFile),
          Files.readAllBytes(tokenizerFile));
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + name + "': cannot read " + textFile
          + " or " + tokenizerFile + ": " + e.getMessage(), e);
    }
    try {
      OnnxImageModel imageEncoder = OnnxImageModel.fromFile(image, imageFile);
      try {
        return new TextImageModel(name, textEncoder, imageEncoder, true);
      } catch (RuntimeException e) {
        imageEncoder.close();
        throw e;
      }
    } catch (RuntimeException e) {
      textEncoder.close();
      throw e;
    }
  }
}
