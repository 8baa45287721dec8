package dev.quiver.embed.image;

import java.util.Objects;

/**
 * How an ONNX image model is run.
 *
 * @param name registry name
 * @param preprocessing decoding, resizing and normalisation of each image
 * @param inputName the graph input fed the {@code [batch, C, H, W]} float tensor; null for the
 *     graph's first input
 * @param outputName the graph output read; null for the graph's first output
 * @param pooling how the output becomes one vector per image
 * @param normalize L2-normalise every vector
 * @param batchSize most images in one ONNX Runtime call
 * @param intraOpThreads ONNX Runtime intra-op threads
 */
public record ImageModelConfig(String name, ImagePreprocessing preprocessing, String inputName,
    String outputName, OutputPooling pooling, boolean normalize, int batchSize,
    int intraOpThreads) {

  public static final int DEFAULT_BATCH_SIZE = 64;

  public ImageModelConfig {
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(pooling, "pooling");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("embedding model '" + name + "': batch size " + batchSize
          + " must be at least 1");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("embedding model '" + name + "': threads " + intraOpThreads
          + " must be at least 1");
    }
  }

  /** First input and output, no pooling, normalised, batch 64, threads = available processors. */
  public static ImageModelConfig of(String name, ImagePreprocessing preprocessing) {
    return new ImageModelConfig(name, preprocessing, null, null, OutputPooling.NONE, true,
        DEFAULT_BATCH_SIZE, Runtime.getRuntime().availableProcessors());
  }

  public ImageModelConfig withName(String newName) {
    return new ImageModelConfig(newName, preprocessing, inputName, outputName, pooling, normalize,
        batchSize, intraOpThreads);
  }

  public ImageModelConfig withBatchSize(int images) {
    return new ImageModelConfig(name, preprocessing, inputName, outputName, pooling, normalize,
        images, intraOpThreads);
  }

  public ImageModelConfig withIntraOpThreads(int threads) {
    return new ImageModelConfig(name, preprocessing, inputName, outputName, pooling, normalize,
        batchSize, threads);
  }

  public ImageModelConfig withNodes(String input, String output) {
    return new ImageModelConfig(name, preprocessing, input, output, pooling, normalize, batchSize,
        intraOpThreads);
  }

  public ImageModelConfig withPooling(OutputPooling newPooling, boolean newNormalize) {
    return new ImageModelConfig(name, preprocessing, inputName, outputName, newPooling,
        newNormalize, batchSize, intraOpThreads);
  }
}
