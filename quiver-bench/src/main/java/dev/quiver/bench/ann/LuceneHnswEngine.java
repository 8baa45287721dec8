package dev.quiver.bench.ann;

import dev.quiver.core.vector.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.RamUsageEstimator;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Apache Lucene's HNSW through its public low-level API: the graph is built by
 * {@link HnswGraphBuilder} (one thread) or {@link HnswConcurrentMergeBuilder} (several; what Lucene
 * itself uses to merge segments) over on-heap vectors, and searched by {@link HnswGraphSearcher},
 * scoring with the scorer Lucene's default codec uses ({@link FlatVectorScorerUtil}). No codec, no
 * directory, no documents: the same in-memory shape as every other engine here.
 *
 * <p>Lucene has no separate efSearch: a search collects {@code topK} candidates and that is its beam.
 * As in Lucene's own benchmarks (luceneutil's "fanout") a search with {@code ef} asks for
 * {@code max(ef, k)} results and keeps the best {@code k}.
 */
final class LuceneHnswEngine implements AnnEngine {

  // Lucene announces the SIMD path it chose through java.util.logging when it first scores; we keep
  // the message to report it. The logger is held here because java.util.logging references it weakly.
  private static final Logger VECTORIZATION_LOG =
      Logger.getLogger("org.apache.lucene.internal.vectorization");
  private static volatile String vectorizationMessage;

  static {
    VECTORIZATION_LOG.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (vectorizationMessage == null && record.getMessage() != null) {
          vectorizationMessage = record.getMessage();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  private final GraphConfig config;
  private VectorSimilarityFunction similarity;
  private FlatVectorsScorer flatScorer;
  private FloatVectorValues vectorValues;
  private OnHeapHnswGraph graph;
  private long vectorBytes;
  private int threads;
  /** Each searching thread walks the graph through its own cursor (see {@link GraphView}). */
  private ThreadLocal<GraphView> views;

  LuceneHnswEngine(GraphConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "lucene-hnsw";
  }

  @Override
  public String library() {
    return "Apache Lucene " + BenchVersions.lucene();
  }

  @Override
  public String settings() {
    return "maxConn=" + config.m() + " (layer 0: " + 2 * config.m() + "), beamWidth="
        + config.efConstruction() + ", search topK=max(ef,k)"
        + (similarity == null ? "" : ", " + similarity);
  }

  @Override
  public String vectorization() {
    String message = vectorizationMessage;
    return message == null ? "not reported" : message;
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public void build(float[][] vectors, Metric metric, int threads) throws IOException {
    this.threads = threads;
    int dimension = vectors[0].length;
    List<float[]> copies = new ArrayList<>(vectors.length);
    for (float[] v : vectors) {
      copies.add(v.clone());
      vectorBytes += RamUsageEstimator.sizeOf(v);
    }
    similarity = switch (metric) {
      case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      // Vectors arrive unit length; Lucene's advice for normalised vectors is DOT_PRODUCT.
      case COSINE, DOT -> VectorSimilarityFunction.DOT_PRODUCT;
    };
    vectorValues = FloatVectorValues.fromFloats(copies, dimension);
    flatScorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
    RandomVectorScorerSupplier scorers = flatScorer.getRandomVectorScorerSupplier(similarity, vectorValues);
    int n = vectors.length;
    HnswGraphBuilder single =
        HnswGraphBuilder.create(scorers, config.m(), config.efConstruction(), HnswGraphBuilder.randSeed, n);
    if (threads <= 1) {
      graph = single.build(n);
    } else {
      // The concurrent builder fills a graph given to it; the single builder's still-empty graph is
      // the only public way to make one of the right size.
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        HnswConcurrentMergeBuilder builder = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads,
            scorers, config.m(), config.efConstruction(), single.getGraph(), null);
        graph = builder.build(n);
      } finally {
        pool.shutdown();
      }
    }
    OnHeapHnswGraph built = graph;
    views = ThreadLocal.withInitial(() -> new GraphView(built));
  }

  @Override
  public String buildParallelism() {
    return threads <= 1 ? "HnswGraphBuilder, 1 thread" : "HnswConcurrentMergeBuilder, " + threads + " workers";
  }

  @Override
  public int[] search(float[] query, int k, int ef) {
    try {
      RandomVectorScorer scorer = flatScorer.getRandomVectorScorer(similarity, vectorValues, query);
      TopKnnCollector collector = new TopKnnCollector(Math.max(ef, k), Integer.MAX_VALUE);
      HnswGraphSearcher.search(scorer, collector, views.get(), null);
      ScoreDoc[] docs = collector.topDocs().scoreDocs; // best first
      int n = Math.min(k, docs.length);
      int[] ords = new int[n];
      for (int i = 0; i < n; i++) {
        ords[i] = docs[i].doc;
      }
      return ords;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long reportedRamBytes() {
    return graph.ramBytesUsed() + vectorBytes;
  }

  @Override
  public String ramAccounting() {
    return "OnHeapHnswGraph.ramBytesUsed() + RamUsageEstimator.sizeOf(vectors)";
  }

  @Override
  public void close() {
    graph = null;
    vectorValues = null;
    views = null;
  }

  /**
   * A read-only cursor over a finished {@link OnHeapHnswGraph}. The graph keeps a single
   * seek/next cursor in its own fields, so threads cannot share it for searching; this view reads
   * the same neighbour arrays through the public {@link OnHeapHnswGraph#getNeighbors} and keeps the
   * cursor per thread. It changes nothing about which nodes a search visits.
   */
  static final class GraphView extends HnswGraph {
    private final OnHeapHnswGraph graph;
    private int[] nodes;
    private int count;
    private int upto;

    GraphView(OnHeapHnswGraph graph) {
      this.graph = graph;
    }

    @Override
    public void seek(int level, int target) {
      NeighborArray neighbors = graph.getNeighbors(level, target);
      nodes = neighbors.nodes();
      count = neighbors.size();
      upto = -1;
    }

    @Override
    public int nextNeighbor() {
      return ++upto < count ? nodes[upto] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int neighborCount() {
      return count;
    }

    @Override
    public int size() {
      return graph.size();
    }

    @Override
    public int maxNodeId() {
      return graph.maxNodeId();
    }

    @Override
    public int numLevels() {
      return graph.numLevels();
    }

    @Override
    public int maxConn() {
      return graph.maxConn();
    }

    @Override
    public int entryNode() {
      return graph.entryNode();
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return graph.getNodesOnLevel(level);
    }
  }
}
