package dev.quiver.embed.word;

/**
 * Settings of {@link Word2VecTrainer}, named as in word2vec.c.
 *
 * @param dimension vector size ({@code -size}, default {@value #DEFAULT_DIMENSION})
 * @param window maximum context distance; each position draws its own window in [1, window]
 *     ({@code -window}, default {@value #DEFAULT_WINDOW})
 * @param negative negative samples per (word, context) pair from the unigram^0.75 distribution
 *     ({@code -negative}, default {@value #DEFAULT_NEGATIVE})
 * @param minCount words seen fewer times are dropped from the vocabulary and the corpus
 *     ({@code -min-count}, default {@value #DEFAULT_MIN_COUNT})
 * @param sample subsampling threshold: a word of corpus frequency f is kept with probability
 *     (sqrt(f/sample) + 1) · sample/f; 0 keeps every word ({@code -sample}, default 1e-3)
 * @param alpha starting learning rate, decayed linearly to alpha·1e-4 over all epochs
 *     ({@code -alpha}, default 0.025)
 * @param epochs passes over the corpus ({@code -iter}, default {@value #DEFAULT_EPOCHS})
 * @param threads training threads updating the shared weights without locks (Hogwild); with 1
 *     thread and the same seed, training is deterministic
 * @param seed seeds the initial weights and every thread's random numbers
 */
public record Word2VecConfig(int dimension, int window, int negative, int minCount, double sample,
    float alpha, int epochs, int threads, long seed) {

  public static final int DEFAULT_DIMENSION = 100;
  public static final int DEFAULT_WINDOW = 5;
  public static final int DEFAULT_NEGATIVE = 5;
  public static final int DEFAULT_MIN_COUNT = 5;
  public static final double DEFAULT_SAMPLE = 1e-3;
  public static final float DEFAULT_ALPHA = 0.025f;
  public static final int DEFAULT_EPOCHS = 5;

  public Word2VecConfig {
    check(dimension >= 1 && dimension <= 10_000, "dimension", dimension, "[1, 10000]");
    check(window >= 1 && window <= 100, "window", window, "[1, 100]");
    check(negative >= 1 && negative <= 100, "negative", negative, "[1, 100]");
    check(minCount >= 1, "minCount", minCount, ">= 1");
    check(sample >= 0 && sample < 1, "sample", sample, "[0, 1)");
    check(alpha > 0 && alpha <= 1, "alpha", alpha, "(0, 1]");
    check(epochs >= 1, "epochs", epochs, ">= 1");
    check(threads >= 1, "threads", threads, ">= 1");
  }

  private static void check(boolean ok, String name, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException("word2vec " + name + " must be in " + range + ", got " + value);
    }
  }

  /** word2vec.c's defaults for skip-gram, all cores, seed 1. */
  public static Word2VecConfig defaults() {
    return new Word2VecConfig(DEFAULT_DIMENSION, DEFAULT_WINDOW, DEFAULT_NEGATIVE, DEFAULT_MIN_COUNT,
        DEFAULT_SAMPLE, DEFAULT_ALPHA, DEFAULT_EPOCHS, Runtime.getRuntime().availableProcessors(), 1L);
  }

  public Word2VecConfig withDimension(int v) {
    return new Word2VecConfig(v, window, negative, minCount, sample, alpha, epochs, threads, seed);
  }

  public Word2VecConfig withWindow(int v) {
    return new Word2VecConfig(dimension, v, negative, minCount, sample, alpha, epochs, threads, seed);
  }

  public Word2VecConfig withNegative(int v) {
    return new Word2VecConfig(dimension, window, v, minCount, sample, alpha, epochs, threads, seed);
  }

  public Word2VecConfig withMinCount(int v) {
    return new Word2VecConfig(dimension, window, negative, v, sample, alpha, epochs, threads, seed);
  }

  public Word2VecConfig withSample(double v) {
    return new Word2VecConfig(dimension, window, negative, minCount, v, alpha, epochs, threads, seed);
  }

  public Word2VecConfig withAlpha(float v) {
    return new Word2VecConfig(dimension, window, negative, minCount, sample, v, epochs, threads, seed);
  }

  public Word2VecConfig withEpochs(int v) {
    return new Word2VecConfig(dimension, window, negative, minCount, sample, alpha, v, threads, seed);
  }

  public Word2VecConfig withThreads(int v) {
    return new Word2VecConfig(dimension, window, negative, minCount, sample, alpha, epochs, v, seed);
  }

  public Word2VecConfig withSeed(long v) {
    return new Word2VecConfig(dimension, window, negative, minCount, sample, alpha, epochs, threads, v);
  }
}
