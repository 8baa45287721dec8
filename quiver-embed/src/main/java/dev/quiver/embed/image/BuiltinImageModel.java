package dev.quiver.embed.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The image encoders that ship with Quiver, trained on Fashion-MNIST by the scripts in the
 * repository's {@code models/} folder (see the README there for data, commands and figures) and
 * stored as classpath resources of quiver-embed.
 *
 * <p>Both read 28 × 28 grayscale images, light garment on a dark background as in Fashion-MNIST;
 * larger or colour images are converted and resized to that.
 */
public enum BuiltinImageModel {

  /**
   * A small CNN classifier whose 128-d penultimate layer, L2-normalised, is the embedding
   * ({@code models/fashion-cnn/train.py}).
   */
  QUIVER_FASHION_CNN("quiver-fashion-cnn", "dev/quiver/embed/image/quiver-fashion-cnn.onnx"),

  /**
   * The image tower of {@code quiver-fashion-clip}: a CNN and a projection into all-MiniLM-L6-v2's
   * 384-d space, trained contrastively against caption embeddings
   * ({@code models/fashion-clip/train.py}). The registry pairs it with all-MiniLM-L6-v2 as its
   * text side.
   */
  QUIVER_FASHION_CLIP("quiver-fashion-clip", "dev/quiver/embed/image/quiver-fashion-clip-image.onnx");

  /** Fashion-MNIST training-set pixel mean and standard deviation on the [0, 1] scale. */
  public static final float MEAN = 0.2860f;
  public static final float STD = 0.3530f;
  /** The text model whose space {@link #QUIVER_FASHION_CLIP} shares. */
  public static final String CLIP_TEXT_MODEL = "all-MiniLM-L6-v2";

  private final String modelName;
  private final String resource;

  BuiltinImageModel(String modelName, String resource) {
    this.modelName = modelName;
    this.resource = resource;
  }

  /** Registry name. */
  public String modelName() {
    return modelName;
  }

  /** The built-in with this registry name (case-insensitive), or null. */
  public static BuiltinImageModel byName(String name) {
    for (BuiltinImageModel m : values()) {
      if (m.modelName.equalsIgnoreCase(name)) {
        return m;
      }
    }
    return null;
  }

  /** 28 × 28 gray, stretched, Fashion-MNIST mean/std; output used as is, L2-normalised. */
  public ImageModelConfig defaultConfig() {
    ImagePreprocessing p = ImagePreprocessing.of(28, 28, ColorMode.GRAY)
        .withNormalization(new float[] {MEAN}, new float[] {STD});
    return ImageModelConfig.of(this == QUIVER_FASHION_CLIP ? modelName + "-image" : modelName, p)
        .withBatchSize(256);
  }

  /** Loads the image encoder with the default configuration. */
  public OnnxImageModel load() {
    return load(defaultConfig());
  }

  public OnnxImageModel load(ImageModelConfig config) {
    return OnnxImageModel.fromBytes(config, onnxBytes());
  }

  /** The ONNX graph as shipped. */
  public byte[] onnxBytes() {
    try (InputStream in = BuiltinImageModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("embedding model '" + modelName + "': classpath resource '"
            + resource + "' is missing from quiver-embed; rebuild it or run the training script in"
            + " models/");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + modelName + "': cannot read resource '"
          + resource + "': " + e.getMessage(), e);
    }
  }
}
