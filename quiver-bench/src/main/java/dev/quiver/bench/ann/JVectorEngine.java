package dev.quiver.bench.ann;

import dev.quiver.core.vector.Metric;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector (DataStax): a Vamana/DiskANN-style graph with an HNSW-style hierarchy on top, built by
 * {@link GraphIndexBuilder} on exact (unquantised) float vectors and searched by
 * {@link GraphSearcher}.
 *
 * <p>Fairness choices: the maximum degree is {@code 2m} on the base layer and {@code m} above,
 * exactly HNSW's edge budget; the construction beam is efConstruction; alpha and neighbour overflow
 * stay at jvector's documented 1.2; hierarchy and the final refinement pass are on (jvector's
 * defaults). Both builder pools are ours, sized to the thread count, because jvector's default pools
 * assume hyper-threading (physical cores = processors / 2) and would use one thread on two cores.
 * A search with {@code ef} keeps {@code max(ef, k)} candidates ({@code rerankK}) and returns the best
 * {@code k}; with exact scores there is nothing to rerank, so that is its beam width.
 */
final class JVectorEngine implements AnnEngine {

  private static final float ALPHA = 1.2f;
  private static final float NEIGHBOR_OVERFLOW = 1.2f;

  private final GraphConfig config;
  private final VectorTypeSupport vts = VectorizationProvider.getInstance().getVectorTypeSupport();
  private VectorSimilarityFunction similarity;
  private RandomAccessVectorValues vectorValues;
  private ImmutableGraphIndex graph;
  private long vectorBytes;
  private int threads;
  /** GraphSearcher keeps scratch state; one per searching thread. */
  private ThreadLocal<GraphSearcher> searchers;

  JVectorEngine(GraphConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "jvector";
  }

  @Override
  public String library() {
    return "jvector " + BenchVersions.jvector();
  }

  @Override
  public String settings() {
    return "maxDegrees=[" + 2 * config.m() + ", " + config.m() + "], beamWidth=" + config.efConstruction()
        + ", alpha=" + ALPHA + ", neighborOverflow=" + NEIGHBOR_OVERFLOW
        + ", hierarchy on, refineFinalGraph on, search rerankK=max(ef,k)"
        + (similarity == null ? "" : ", " + similarity);
  }

  @Override
  public String vectorization() {
    return VectorizationProvider.getInstance().getClass().getSimpleName();
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  // The explicit constructor states every setting; its replacement, GraphIndexBuilder.builder(), takes
  // hierarchy and refinement from a JMX-managed global config instead.
  @SuppressWarnings("deprecation")
  @Override
  public void build(float[][] vectors, Metric metric, int threads) throws IOException {
    this.threads = threads;
    int dimension = vectors[0].length;
    List<VectorFloat<?>> copies = new ArrayList<>(vectors.length);
    for (float[] v : vectors) {
      copies.add(vts.createFloatVector(v.clone()));
      vectorBytes += 16 + 16 + 4L * v.length; // wrapper object + float[]
    }
    similarity = switch (metric) {
      case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      case COSINE, DOT -> VectorSimilarityFunction.DOT_PRODUCT; // vectors arrive unit length
    };
    vectorValues = new ListRandomAccessVectorValues(copies, dimension);
    BuildScoreProvider scores = BuildScoreProvider.randomAccessScoreProvider(vectorValues, similarity);
    ForkJoinPool pool = new ForkJoinPool(threads);
    // The builder's per-thread scratch goes with it; the graph it returns stands alone.
    try (GraphIndexBuilder builder = new GraphIndexBuilder(scores, dimension,
        List.of(2 * config.m(), config.m()), config.efConstruction(), NEIGHBOR_OVERFLOW, ALPHA, true, true,
        pool, pool)) {
      graph = builder.build(vectorValues);
    } finally {
      pool.shutdown();
    }
    ImmutableGraphIndex built = graph;
    searchers = ThreadLocal.withInitial(() -> new GraphSearcher(built));
  }

  @Override
  public String buildParallelism() {
    return "GraphIndexBuilder, ForkJoinPool(" + threads + ") for both its pools";
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    DefaultSearchScoreProvider scores =
        DefaultSearchScoreProvider.exact(vts.createFloatVector(query), similarity, vectorValues);
    SearchResult result = searchers.get().search(scores, k, Math.max(ef, k), 0f, 0f, Bits.ALL);
    SearchResult.NodeScore[] nodes = result.getNodes();
    int n = Math.min(k, nodes.length);
    int[] ords = new int[n];
    for (int i = 0; i < n; i++) {
      ords[i] = nodes[i].node;
    }
    return ords;
  }

  @Override
  public long reportedRamBytes() {
    return graph.ramBytesUsed() + vectorBytes;
  }

  @Override
  public String ramAccounting() {
    return "graph.ramBytesUsed() + vector arrays";
  }

  @Override
  public void close() {
    graph = null;
    searchers = null;
    vectorValues = null;
  }
}
