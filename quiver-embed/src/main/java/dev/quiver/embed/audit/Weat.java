package dev.quiver.embed.audit;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Word Embedding Association Test of Caliskan, Bryson and Narayanan (Science, 2017), and its
 * sentence form SEAT (May et al., 2019), exactly as published:
 *
 * <ul>
 *   <li>{@code s(w, A, B) = mean_{a in A} cos(w, a) - mean_{b in B} cos(w, b)}, how much closer
 *       word w is to the attributes A than to B;
 *   <li>effect size {@code d = (mean_{x in X} s(x, A, B) - mean_{y in Y} s(y, A, B)) /
 *       std-dev_{w in X u Y} s(w, A, B)}, with the <em>sample</em> standard deviation (divisor
 *       n - 1), as in the authors' code;
 *   <li>test statistic {@code s(X, Y, A, B) = sum_{x in X} s(x, A, B) - sum_{y in Y} s(y, A, B)},
 *       and the one-sided permutation p-value {@code Pr_i[s(X_i, Y_i, A, B) > s(X, Y, A, B)]}
 *       over the partitions (X_i, Y_i) of X u Y into sets of the sizes of X and Y. Every
 *       partition is enumerated when there are at most {@link Options#exactLimit()} of them
 *       (then p is exact); otherwise {@link Options#samples()} partitions are drawn at random
 *       with a fixed seed, and the result says so.
 * </ul>
 *
 * <p>In SEAT mode every word becomes the sentences of {@link SeatTemplates}, and the sets above are
 * sets of sentences.
 */
public final class Weat {

  private Weat() {}

  /**
   * How to run a test.
   *
   * @param sentences   SEAT: embed template sentences instead of bare words
   * @param exactLimit  enumerate every partition when there are at most this many
   * @param samples     random partitions drawn otherwise
   * @param seed        seed of that draw
   * @param alpha       significance level: {@code p < alpha} is significant
   */
  public record Options(boolean sentences, long exactLimit, int samples, long seed, double alpha) {

    public static final long DEFAULT_EXACT_LIMIT = 100_000;
    public static final int DEFAULT_SAMPLES = 100_000;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_ALPHA = 0.05;

    public Options {
      if (exactLimit < 1) {
        throw new IllegalArgumentException("exact limit must be positive, got " + exactLimit);
      }
      if (samples < 1 || samples > 10_000_000) {
        throw new IllegalArgumentException("samples must be between 1 and 10000000, got " + samples);
      }
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
      }
    }

    public static Options defaults() {
      return new Options(false, DEFAULT_EXACT_LIMIT, DEFAULT_SAMPLES, DEFAULT_SEED, DEFAULT_ALPHA);
    }

    public Options withSentences(boolean v) {
      return new Options(v, exactLimit, samples, seed, alpha);
    }

    public Options withSamples(int v) {
      return new Options(sentences, exactLimit, v, seed, alpha);
    }

    public Options withExactLimit(long v) {
      return new Options(sentences, v, samples, seed, alpha);
    }

    public Options withAlpha(double v) {
      return new Options(sentences, exactLimit, samples, seed, v);
    }
  }

  /** Runs {@code test} on {@code model}: embeds its words (or SEAT sentences), then {@link #compute}. */
  public static WeatResult run(EmbeddingModel model, WeatDefinition test, Options options) {
    if (!model.modalities().contains(Modality.TEXT)) {
      throw new IllegalArgumentException("model '" + model.name() + "' embeds " + model.modalities().stream()
          .map(Modality::wireName).toList() + ", not text; a WEAT audit needs a text model");
    }
    List<List<String>> items = new ArrayList<>();
    for (WeatDefinition.WordSet s : List.of(test.x(), test.y(), test.a(), test.b())) {
      items.add(options.sentences() ? SeatTemplates.sentences(s) : s.words());
    }
    // One model call for every distinct text.
    Map<String, float[]> vectors = new LinkedHashMap<>();
    items.forEach(list -> list.forEach(t -> vectors.put(t, null)));
    List<String> distinct = new ArrayList<>(vectors.keySet());
    List<float[]> embedded = model.embed(distinct);
    for (int i = 0; i < distinct.size(); i++) {
      vectors.put(distinct.get(i), embedded.get(i));
    }
    float[][][] sets = new float[4][][];
    for (int s = 0; s < 4; s++) {
      sets[s] = items.get(s).stream().map(vectors::get).toArray(float[][]::new);
    }
    Stats stats = compute(sets[0], sets[1], sets[2], sets[3], options);
    return new WeatResult(test.name(), test.title(), model.name(), options.sentences(),
        test.x().name(), test.y().name(), test.a().name(), test.b().name(), sets[0].length, sets[1].length,
        sets[2].length, sets[3].length, stats.effectSize, stats.statistic, stats.pValue, stats.exact,
        stats.partitions, options.exactLimit() >= stats.partitions ? 0 : options.seed(), options.alpha(),
        stats.pValue < options.alpha());
  }

  /** The numbers of a test on given vectors. */
  public record Stats(double effectSize, double statistic, double pValue, boolean exact, double partitions) {}

  /** The effect size and p-value of target vectors X, Y and attribute vectors A, B. */
  public static Stats compute(float[][] x, float[][] y, float[][] a, float[][] b, Options options) {
    int nx = x.length;
    int n = nx + y.length;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = association(i < nx ? x[i] : y[i - nx], a, b);
    }
    double effect = effectSize(s, nx);
    double total = 0;
    for (double v : s) {
      total += v;
    }
    double sumX = 0;
    for (int i = 0; i < nx; i++) {
      sumX += s[i];
    }
    // s(X_i, Y_i) = sum_{X_i} - (total - sum_{X_i}) = 2 sum_{X_i} - total: only the subset sum matters.
    double observed = 2 * sumX - total;
    double partitions = binomial(n, nx);
    long greater = 0;
    long count;
    boolean exact = partitions <= options.exactLimit();
    if (exact) {
      count = 0;
      int[] idx = new int[nx];
      for (int i = 0; i < nx; i++) {
        idx[i] = i;
      }
      while (true) {
        double sum = 0;
        for (int i : idx) {
          sum += s[i];
        }
        if (2 * sum - total > observed) {
          greater++;
        }
        count++;
        int i = nx - 1;
        while (i >= 0 && idx[i] == n - nx + i) {
          i--;
        }
        if (i < 0) {
          break;
        }
        idx[i]++;
        for (int j = i + 1; j < nx; j++) {
          idx[j] = idx[j - 1] + 1;
        }
      }
    } else {
      SplittableRandom rnd = new SplittableRandom(options.seed());
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      count = options.samples();
      for (long t = 0; t < count; t++) {
        // A partial Fisher-Yates shuffle: the first nx positions are a uniform random subset.
        double sum = 0;
        for (int i = 0; i < nx; i++) {
          int j = i + rnd.nextInt(n - i);
          int tmp = perm[i];
          perm[i] = perm[j];
          perm[j] = tmp;
          sum += s[perm[i]];
        }
        if (2 * sum - total > observed) {
          greater++;
        }
      }
    }
    return new Stats(effect, observed, (double) greater / count, exact, exact ? count : partitions);
  }

  /** {@code s(w, A, B)}: mean cosine to A minus mean cosine to B. */
  public static double association(float[] w, float[][] a, float[][] b) {
    return meanCosine(w, a) - meanCosine(w, b);
  }

  /**
   * Effect size from the associations {@code s} of X (the first {@code nx}) and Y (the rest):
   * difference of means over the sample standard deviation of all of them.
   */
  public static double effectSize(double[] s, int nx) {
    int n = s.length;
    if (nx < 1 || nx >= n || n < 3) {
      throw new IllegalArgumentException("effect size needs at least one word in X and in Y and 3 in all, got "
          + nx + " and " + (n - nx));
    }
    double meanX = 0;
    double meanY = 0;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      if (i < nx) {
        meanX += s[i];
      } else {
        meanY += s[i];
      }
      mean += s[i];
    }
    meanX /= nx;
    meanY /= n - nx;
    mean /= n;
    double ss = 0;
    for (double v : s) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    return sd == 0 ? 0 : (meanX - meanY) / sd;
  }

  private static double meanCosine(float[] w, float[][] set) {
    double sum = 0;
    for (float[] v : set) {
      sum += cosine(w, v);
    }
    return sum / set.length;
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of dimension " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** C(n, k) as a double (exact below 2^53, which is all the comparison needs). */
  static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return Math.rint(r);
  }
}
