package dev.quiver.engine.text;

import dev.quiver.core.embed.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic stand-in for a sentence model, built to behave like one in the two ways hybrid
 * search cares about, and no further:
 *
 * <ul>
 *   <li><b>Paraphrase</b>: every word of a given lexicon maps to its <em>concept</em>, and each concept
 *       has a fixed random 256-d direction; a word embeds as its concept's direction plus
 *       {@link #SURFACE_WEIGHT} times a direction of its own, so synonyms ("bought", "purchased")
 *       are close but not identical and a reworded sentence lands near the original. That is a
 *       cleaner grasp of synonyms than a real model has, and nothing outside the lexicon is known.
 *   <li><b>Rare tokens</b> (product codes, invented names: anything outside the lexicon) are seen only
 *       as character trigrams, like a sub-word tokeniser's pieces, and weigh {@link #RARE_WEIGHT} of a
 *       known word: an identifier is a small, fragmentary part of its document's vector, shared in part
 *       with every identifier that has the same pieces. So a query holding just "QX-4471" finds its
 *       document only when those fragments outweigh the noise of the other documents' words, which is
 *       roughly how a real model fails on exact-keyword queries.
 * </ul>
 *
 * Words outside the lexicon that are common (function words) are listed as their own concepts with a
 * low weight. Vectors are L2-normalised. Thread-safe.
 */
final class ConceptEmbeddingModel implements EmbeddingModel {

  static final int DIMENSION = 256;
  /** Weight of a word's own direction beside its concept's: synonyms are close, not identical. */
  static final double SURFACE_WEIGHT = Double.parseDouble(System.getProperty("quiver.hybrid.surface", "0.8"));
  /** Weight of a rare (out-of-lexicon) word relative to a known one. */
  static final double RARE_WEIGHT = 0.35;

  private final Map<String, String> conceptOf;
  private final Map<String, Double> weightOf;
  private final ConcurrentHashMap<String, float[]> directions = new ConcurrentHashMap<>();

  /**
   * @param conceptOf word (lower case) → concept name
   * @param weightOf concept → weight (1 when absent)
   */
  ConceptEmbeddingModel(Map<String, String> conceptOf, Map<String, Double> weightOf) {
    this.conceptOf = Map.copyOf(conceptOf);
    this.weightOf = Map.copyOf(weightOf);
  }

  @Override
  public String name() {
    return "fake-concepts";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

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
    double[] v = new double[DIMENSION];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty()) {
        continue;
      }
      String concept = conceptOf.get(w);
      if (concept != null) {
        double w0 = weightOf.getOrDefault(concept, 1.0);
        add(v, direction("c:" + concept), w0);
        add(v, direction("w:" + w), w0 * SURFACE_WEIGHT);
      } else {
        String padded = "#" + w + "#";
        int grams = padded.length() - 2;
        for (int i = 0; i < grams; i++) {
          add(v, direction("g:" + padded.substring(i, i + 3)), RARE_WEIGHT / Math.sqrt(grams));
        }
      }
    }
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    float[] out = new float[DIMENSION];
    if (norm == 0) {
      out[0] = 1;
      return out;
    }
    double inv = 1 / Math.sqrt(norm);
    for (int i = 0; i < DIMENSION; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }

  private static void add(double[] v, float[] d, double w) {
    for (int i = 0; i < v.length; i++) {
      v[i] += w * d[i];
    }
  }

  /** A fixed random unit direction per key. */
  private float[] direction(String key) {
    return directions.computeIfAbsent(key, k -> {
      SplittableRandom r = new SplittableRandom(k.hashCode() * 0x9E3779B97F4A7C15L + k.length());
      float[] d = new float[DIMENSION];
      double norm = 0;
      for (int i = 0; i < DIMENSION; i++) {
        double g = gaussian(r);
        d[i] = (float) g;
        norm += g * g;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < DIMENSION; i++) {
        d[i] *= inv;
      }
      return d;
    });
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double w = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }
}
