package dev.quiver.embed.word;

import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.index.HnswConfig;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.core.index.VectorIndex;
import dev.quiver.core.vector.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nearest words and analogies by cosine similarity, through the database's own indexes: a
 * {@link FlatIndex} (exact) or an {@link HnswIndex} (approximate, for large vocabularies). Index
 * ordinals are word ids. Thread-safe once built.
 */
public final class WordSearcher {

  /** Vocabularies above this size get an HNSW index from {@link #of(WordVectors)}. */
  public static final int HNSW_THRESHOLD = 50_000;

  private final WordVectors vectors;
  private final VectorIndex index;

  private WordSearcher(WordVectors vectors, VectorIndex index) {
    this.vectors = vectors;
    this.index = index;
  }

  /** Exact below {@value #HNSW_THRESHOLD} words, HNSW (default parameters, all cores) above. */
  public static WordSearcher of(WordVectors vectors) {
    return vectors.size() <= HNSW_THRESHOLD ? exact(vectors)
        : hnsw(vectors, HnswConfig.defaults(), Runtime.getRuntime().availableProcessors());
  }

  /** Scores every word for every query: exact, the oracle. */
  public static WordSearcher exact(WordVectors vectors) {
    return exact(vectors, vectors.size());
  }

  /**
   * Exact search among the {@code maxWords} first (most frequent) words only: rare words have noisy
   * vectors, and analogy benchmarks restrict answers to the top 30,000 for that reason. Query words
   * may still come from the whole vocabulary.
   */
  public static WordSearcher exact(WordVectors vectors, int maxWords) {
    if (maxWords <= 0) {
      throw new IllegalArgumentException("maxWords must be positive, got " + maxWords);
    }
    FlatIndex index = new FlatIndex(vectors.dimension(), Metric.COSINE);
    for (int id = 0; id < Math.min(maxWords, vectors.size()); id++) {
      index.add(vectors.vector(id));
    }
    return new WordSearcher(vectors, index);
  }

  /** An HNSW graph over the vocabulary, built with {@code threads} threads. */
  public static WordSearcher hnsw(WordVectors vectors, HnswConfig config, int threads) {
    HnswIndex index = new HnswIndex(vectors.dimension(), Metric.COSINE, config);
    float[][] rows = new float[vectors.size()][];
    for (int id = 0; id < rows.length; id++) {
      rows[id] = vectors.vector(id);
    }
    index.addAll(rows, threads); // ordinal i = word id i
    return new WordSearcher(vectors, index);
  }

  public WordVectors vectors() {
    return vectors;
  }

  /** The {@code k} words most similar to {@code word}, itself excluded. */
  public List<WordHit> nearest(String word, int k) {
    return nearest(vectors.vector(word), k, Set.of(word));
  }

  /** The {@code k} words most similar to {@code query}, except those in {@code exclude}. */
  public List<WordHit> nearest(float[] query, int k, Set<String> exclude) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    int fetch = Math.min(index.size(), k + exclude.size());
    if (fetch == 0) {
      return List.of();
    }
    TopHits hits = index.search(query, fetch);
    List<WordHit> out = new ArrayList<>(k);
    for (int i = 0; i < hits.size() && out.size() < k; i++) {
      String w = vectors.word(hits.ords()[i]);
      if (!exclude.contains(w)) {
        out.add(new WordHit(w, hits.scores()[i]));
      }
    }
    return out;
  }

  /**
   * Words {@code d} completing "{@code b} is to {@code a} as {@code c} is to {@code d}": nearest
   * to {@code a - b + c} over unit-length vectors (3CosAdd, as word2vec and gensim), the three inputs
   * excluded. {@code analogy("king", "man", "woman", 1)} asks for queen.
   *
   * @throws IllegalArgumentException naming a word that is not in the vocabulary
   */
  public List<WordHit> analogy(String a, String b, String c, int k) {
    float[] va = Metric.normalize(vectors.vector(a));
    float[] vb = Metric.normalize(vectors.vector(b));
    float[] vc = Metric.normalize(vectors.vector(c));
    float[] q = new float[va.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = va[i] - vb[i] + vc[i];
    }
    Set<String> exclude = new HashSet<>(List.of(a, b, c));
    return nearest(q, k, exclude);
  }
}
