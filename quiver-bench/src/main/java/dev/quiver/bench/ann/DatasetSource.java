package dev.quiver.bench.ann;

import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;
import java.util.List;

/**
 * A dataset the harness can run on, chosen with {@code --dataset}: Fashion-MNIST (784-d pixels,
 * Euclidean), generated clusters (384-d, cosine) and real text embeddings (WordNet definitions
 * embedded by the built-in all-MiniLM-L6-v2, 384-d, cosine).
 */
public interface DatasetSource {

  /** The {@code --dataset} value. */
  String name();

  /** The base size used when {@code --size} is not given. */
  int defaultSize();

  /** How many queries the dataset has in all ({@code --all-queries}). */
  int maxQueries();

  /** The first {@code size} base vectors and the first {@code queries} queries. */
  Dataset load(int size, int queries);

  /** fashion-mnist-784-euclidean as ann-benchmarks defines it: 60k train images as base, 10k test as queries. */
  DatasetSource FASHION_MNIST = new DatasetSource() {
    @Override
    public String name() {
      return "fashion-mnist";
    }

    @Override
    public int defaultSize() {
      return 60_000;
    }

    @Override
    public int maxQueries() {
      return 10_000;
    }

    @Override
    public Dataset load(int size, int queries) {
      return FashionMnist.load().withBase(size).withQueries(queries);
    }
  };

  /** Generated clustered unit vectors, 384-d, cosine (a stand-in for sentence embeddings). */
  DatasetSource CLUSTERED = new DatasetSource() {
    static final int DIMENSION = 384;
    static final long SEED = 42;

    @Override
    public String name() {
      return "clustered";
    }

    @Override
    public int defaultSize() {
      return 100_000;
    }

    @Override
    public int maxQueries() {
      return 10_000;
    }

    @Override
    public Dataset load(int size, int queries) {
      return ClusteredDataset.generate(size, queries, DIMENSION, SEED);
    }
  };

  /**
   * WordNet 3.0 definitions ("dog: a member of the genus Canis ...") embedded by all-MiniLM-L6-v2:
   * real 384-d sentence embeddings, cosine. The synsets are shuffled with a fixed seed; the base is
   * the first {@code size}, the queries are definitions from the other end of the shuffled list (never
   * in the base). Embeddings are cached under the cache folder (keyed by model version and count):
   * the first run embeds, at a few hundred definitions a second on 2 cores.
   */
  DatasetSource WORDNET = new WordNetEmbeddings();

  /** The sources {@code --dataset} accepts. */
  static List<DatasetSource> all() {
    return List.of(FASHION_MNIST, CLUSTERED, WORDNET);
  }

  static DatasetSource named(String name) {
    for (DatasetSource s : all()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown dataset '" + name + "'; expected one of "
        + all().stream().map(DatasetSource::name).toList());
  }
}
