package dev.quiver.embed.word;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.vector.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sentence embeddings as the weighted average of the text's known word vectors, L2-normalised: a
 * fast baseline that needs no neural network at query time. Text is tokenised by
 * {@link WordTokenizer}; unknown words are skipped.
 *
 * <p>Weights ({@link Weighting}): every occurrence alike; IDF learnt from a document collection
 * ({@link #fitIdf}), so repeated words weigh by TF·IDF; or SIF, a/(a + p(w)) (Arora et al. 2017),
 * from the trainer's word counts or, for vectors loaded from a file (ranked by frequency), a Zipf
 * estimate p(rank r) ∝ 1/(r + 1).
 *
 * <p>A text with no known word gets the zero vector under {@link NoKnownWords#ZERO_VECTOR} (the
 * default; it is similar to nothing) or an {@link IllegalArgumentException} naming the text under
 * {@link NoKnownWords#THROW}. Immutable and thread-safe.
 */
public final class AverageWordEmbeddingModel implements EmbeddingModel {

  /** How the words of a text are weighted. */
  public enum Weighting {
    UNIFORM,
    TF_IDF,
    SIF
  }

  /** What a text without a single known word maps to. */
  public enum NoKnownWords {
    ZERO_VECTOR,
    THROW
  }

  /** SIF's smoothing constant a; Arora et al. found [1e-4, 1e-3] works well. */
  public static final double DEFAULT_SIF_A = 1e-3;

  private final String name;
  private final WordVectors vectors;
  private final Weighting weighting;
  private final float[] weights; // per word id (1 for UNIFORM)
  private final NoKnownWords noKnownWords;
  private final String version;

  private AverageWordEmbeddingModel(String name, WordVectors vectors, Weighting weighting, float[] weights,
      NoKnownWords noKnownWords) {
    this.name = name;
    this.vectors = vectors;
    this.weighting = weighting;
    this.weights = weights;
    this.noKnownWords = noKnownWords;
    this.version = Long.toHexString(fingerprint(vectors, weights)) + "-" + weighting.name().toLowerCase();
  }

  /** Plain average of the known words' vectors. */
  public static AverageWordEmbeddingModel uniform(String name, WordVectors vectors) {
    float[] w = new float[vectors.size()];
    java.util.Arrays.fill(w, 1f);
    return new AverageWordEmbeddingModel(name, vectors, Weighting.UNIFORM, w, NoKnownWords.ZERO_VECTOR);
  }

  /**
   * SIF weights a/(a + p(w)) with {@code a} = {@value #DEFAULT_SIF_A} (no common-component removal,
   * which would need the whole collection).
   */
  public static AverageWordEmbeddingModel sif(String name, WordVectors vectors) {
    return sif(name, vectors, DEFAULT_SIF_A);
  }

  public static AverageWordEmbeddingModel sif(String name, WordVectors vectors, double a) {
    int n = vectors.size();
    double[] p = new double[n];
    double total = 0;
    for (int id = 0; id < n; id++) {
      p[id] = vectors.hasCounts() ? vectors.count(id) : 1.0 / (id + 1);
      total += p[id];
    }
    float[] w = new float[n];
    for (int id = 0; id < n; id++) {
      w[id] = (float) (a / (a + p[id] / total));
    }
    return new AverageWordEmbeddingModel(name, vectors, Weighting.SIF, w, NoKnownWords.ZERO_VECTOR);
  }

  /**
   * IDF weights, log((1 + N) / (1 + df)) + 1, learnt from {@code documents}: words common to many
   * documents count less. Words of the vocabulary absent from them get the highest weight.
   */
  public static AverageWordEmbeddingModel fitIdf(String name, WordVectors vectors, Iterable<String> documents) {
    int[] df = new int[vectors.size()];
    int docs = 0;
    Set<Integer> seen = new HashSet<>();
    for (String d : documents) {
      docs++;
      seen.clear();
      for (String t : WordTokenizer.tokenize(d)) {
        int id = vectors.id(t);
        if (id >= 0 && seen.add(id)) {
          df[id]++;
        }
      }
    }
    float[] w = new float[vectors.size()];
    for (int id = 0; id < w.length; id++) {
      w[id] = (float) (Math.log((1.0 + docs) / (1.0 + df[id])) + 1);
    }
    return new AverageWordEmbeddingModel(name, vectors, Weighting.TF_IDF, w, NoKnownWords.ZERO_VECTOR);
  }

  /** This model, answering texts without known words as {@code policy} says. */
  public AverageWordEmbeddingModel withNoKnownWords(NoKnownWords policy) {
    return new AverageWordEmbeddingModel(name, vectors, weighting, weights, policy);
  }

  public Weighting weighting() {
    return weighting;
  }

  /** The weight of {@code word} (0 when it is not in the vocabulary). */
  public float weight(String word) {
    int id = vectors.id(word);
    return id < 0 ? 0f : weights[id];
  }

  @Override
  public String name() {
    return name;
  }

  /** A fingerprint of the vectors and weights: other vectors, other version. */
  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return vectors.dimension();
  }

  /** True, though a text with no known word gets the zero vector under {@link NoKnownWords#ZERO_VECTOR}. */
  @Override
  public boolean normalized() {
    return true;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embedOne(t));
    }
    return out;
  }

  private float[] embedOne(String text) {
    float[] sum = new float[vectors.dimension()];
    int known = 0;
    for (String token : WordTokenizer.tokenize(text)) {
      int id = vectors.id(token);
      if (id >= 0) {
        vectors.addTo(id, weights[id], sum);
        known++;
      }
    }
    if (known == 0 && noKnownWords == NoKnownWords.THROW) {
      String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
      throw new IllegalArgumentException("no word of '" + shown + "' is in the vocabulary of model '" + name
          + "' (" + vectors.size() + " words)");
    }
    return Metric.normalize(sum); // the average's direction is the sum's; zero stays zero
  }

  private static long fingerprint(WordVectors v, float[] weights) {
    long h = 0xcbf29ce484222325L ^ v.size() ^ ((long) v.dimension() << 32);
    for (int id = 0; id < v.size(); id++) {
      h = (h ^ v.word(id).hashCode()) * 0x100000001b3L;
      h = (h ^ Float.floatToRawIntBits(weights[id])) * 0x100000001b3L;
      for (int i = 0; i < v.dimension(); i++) {
        h = (h ^ Float.floatToRawIntBits(v.component(id, i))) * 0x100000001b3L;
      }
    }
    return h;
  }
}
