package dev.quiver.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fashion-MNIST as the ann-benchmarks dataset {@code fashion-mnist-784-euclidean}: the 60,000
 * training images are the base vectors, the 10,000 test images the queries, raw pixel values
 * (0..255) as 784-dimensional float vectors, Euclidean distance.
 *
 * <p>Files (in {@code <shared data>/fashion-mnist}): {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}.
 */
public final class FashionMnist {

  /** The dataset name used by ann-benchmarks. */
  public static final String NAME = "fashion-mnist-784-euclidean";
  /** The folder inside the shared data folder. */
  public static final String FOLDER = "fashion-mnist";

  /** Class names by label (0..9). */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private FashionMnist() {}

  /** Loads the dataset from {@code <shared data>/fashion-mnist} (see {@link DataPaths#sharedDataDir()}). */
  public static Dataset load() {
    return load(DataPaths.sharedDataDir());
  }

  /**
   * Loads the dataset from {@code dataDir}: either the {@code fashion-mnist} folder itself or the
   * shared data folder that contains it.
   *
   * @throws DataNotFoundException if the folder or one of the image files is missing
   */
  public static Dataset load(Path dataDir) {
    Path dir = folder(dataDir);
    // The two files decompress independently; reading them side by side hides the smaller one.
    CompletableFuture<float[][]> test = CompletableFuture.supplyAsync(
        () -> IdxReader.readImages(dir.resolve(TEST_IMAGES)));
    float[][] train = IdxReader.readImages(dir.resolve(TRAIN_IMAGES));
    try {
      return new Dataset(NAME, Dataset.EUCLIDEAN, train, test.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Labels (0..9) of the 60,000 base vectors, in order. */
  public static int[] trainLabels() {
    return trainLabels(DataPaths.sharedDataDir());
  }

  /** Labels (0..9) of the 10,000 queries, in order. */
  public static int[] testLabels() {
    return testLabels(DataPaths.sharedDataDir());
  }

  /** Labels of the base vectors; {@code dataDir} as in {@link #load(Path)}. */
  public static int[] trainLabels(Path dataDir) {
    return IdxReader.readLabels(folder(dataDir).resolve(TRAIN_LABELS));
  }

  /** Labels of the queries; {@code dataDir} as in {@link #load(Path)}. */
  public static int[] testLabels(Path dataDir) {
    return IdxReader.readLabels(folder(dataDir).resolve(TEST_LABELS));
  }

  private static Path folder(Path dataDir) {
    Path nested = dataDir.resolve(FOLDER);
    if (Files.isRegularFile(nested.resolve(TRAIN_IMAGES))) {
      return nested;
    }
    if (Files.isRegularFile(dataDir.resolve(TRAIN_IMAGES))) {
      return dataDir;
    }
    throw new DataNotFoundException("Fashion-MNIST not found: no " + TRAIN_IMAGES + " in " + nested
        + " or " + dataDir + ". Install the Debian package dataset-fashion-mnist or copy the four IDX files"
        + " there, or point -D" + DataPaths.DATA_DIR_PROPERTY + " at the shared data folder");
  }
}
