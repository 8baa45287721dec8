package dev.quiver.bench.ann;

import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;
import java.util.List;

/**
 * A dataset the harness can run on, chosen with {@code --dataset}.
 *
 * <p>Extension point: the third dataset of the benchmark is real text embeddings, 384-d cosine, of
 * the WordNet definitions in {@code shared/data/wordnet/synsets.jsonl.gz}. It needs Quiver's
 * built-in text model, which does not exist yet. When it does, add a source here named
 * {@code wordnet} whose {@link #load} embeds the definitions (caching the vectors under
 * {@code DataPaths.cacheDir()} the way the ground truth is cached) and holds some of them out as
 * queries; nothing else in the harness changes. Until then {@code --dataset wordnet} fails with a
 * message that says so, rather than running on something that is not those embeddings.
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

  /** The sources {@code --dataset} accepts. */
  static List<DatasetSource> all() {
    return List.of(FASHION_MNIST, CLUSTERED);
  }

  static DatasetSource named(String name) {
    for (DatasetSource s : all()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    if (name.equals("wordnet")) {
      throw new IllegalArgumentException("--dataset wordnet (384-d text embeddings of WordNet definitions)"
          + " needs Quiver's built-in text model, which is not there yet; use fashion-mnist or clustered");
    }
    throw new IllegalArgumentException("unknown dataset '" + name + "'; expected one of "
        + all().stream().map(DatasetSource::name).toList());
  }
}
