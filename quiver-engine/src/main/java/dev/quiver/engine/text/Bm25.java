package dev.quiver.engine.text;

/**
 * Okapi BM25 with the usual constants. For a query term t and a document d of length |d| in a
 * collection of N documents of average length avgdl, where n(t) documents hold t and f(t, d) is
 * its frequency in d:
 *
 * <pre>
 * score(t, d) = idf(t) · f(t,d) · (k1 + 1) / (f(t,d) + k1 · (1 − b + b · |d| / avgdl))
 * idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))         (never negative, as in Lucene)
 * </pre>
 *
 * A document's score is the sum over the query's terms (a term repeated in the query counts as
 * often as it appears).
 */
final class Bm25 {

  /** Term-frequency saturation. */
  static final double K1 = 1.2;
  /** Length normalisation. */
  static final double B = 0.75;

  private Bm25() {}

  static double idf(int docCount, int docFreq) {
    return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
  }

  /** The term-frequency part: everything but the idf. */
  static double tf(int freq, int length, double averageLength) {
    double norm = K1 * (1 - B + B * length / averageLength);
    return freq * (K1 + 1) / (freq + norm);
  }

  /**
   * An upper bound of {@link #tf} over documents where the term's frequency is at most
   * {@code maxFreq} and the length at least {@code minLength}: tf grows with the frequency and
   * shrinks with the length.
   */
  static double tfBound(int maxFreq, int minLength, double averageLength) {
    return tf(maxFreq, minLength, averageLength);
  }
}
