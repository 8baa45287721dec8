package dev.quiver.embed.audio;

/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc interpolator (polyphase when the
 * rates have a small common period). The low-pass cut-off is 0.95 × the lower Nyquist frequency,
 * so downsampling does not alias; with {@value #ZERO_CROSSINGS} zero crossings and Kaiser β =
 * {@value #BETA} the stop band is about 80 dB down. Samples outside the signal count as zero.
 * Thread-safe (filter tables of common rate pairs are computed once and shared).
 */
public final class Resampler {

  /** Sinc zero crossings on each side of the centre (at the lower rate). */
  static final int ZERO_CROSSINGS = 16;
  static final double BETA = 8.6;
  static final double ROLLOFF = 0.95;
  /** Largest number of phases whose filters are tabulated; odd rate pairs compute taps as they go. */
  private static final int MAX_PHASES = 2048;
  private static final int MAX_CACHED = 32;
  /** Polyphase tables by (from << 32 | to); immutable once published. */
  private static final java.util.concurrent.ConcurrentHashMap<Long, double[][]> TABLES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Resampler() {}

  /**
   * {@code signal} at {@code from} samples per second converted to {@code to}; the output has
   * {@code ceil(length × to / from)} samples.
   */
  public static float[] resample(float[] signal, int from, int to) {
    if (from < 1 || to < 1) {
      throw new IllegalArgumentException("sample rates must be positive, got " + from + " -> " + to);
    }
    if (from == to) {
      return signal.clone();
    }
    int g = gcd(from, to);
    int up = to / g;       // output samples per period
    int down = from / g;   // input samples per period
    long outLength = ((long) signal.length * to + from - 1) / from;
    if (outLength > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("resampled signal would have " + outLength + " samples");
    }
    double cutoff = ROLLOFF * Math.min(1.0, (double) to / from); // in cycles per input sample × 2
    double halfWidth = ZERO_CROSSINGS / cutoff;                   // in input samples
    int taps = (int) Math.ceil(halfWidth) * 2 + 1;
    float[] out = new float[(int) outLength];
    double[][] table = up <= MAX_PHASES ? table(from, to, up, cutoff, halfWidth, taps) : null;
    for (int n = 0; n < out.length; n++) {
      long num = (long) n * down;           // position n × from / to = num / up input samples
      int base = (int) (num / up);
      int phase = (int) (num % up);
      double frac = phase / (double) up;
      double[] h;
      if (table != null) {
        h = table[phase];
      } else {
        h = taps(frac, cutoff, halfWidth, taps);
      }
      int first = base - taps / 2;
      double acc = 0;
      int lo = Math.max(0, -first);
      int hi = Math.min(taps, signal.length - first);
      for (int k = lo; k < hi; k++) {
        acc += h[k] * signal[first + k];
      }
      out[n] = (float) acc;
    }
    return out;
  }

  /**
   * Every phase's taps for a rate pair, computed once and kept (a few pairs are common: 44.1, 48,
   * 22.05, 8 kHz to 16 kHz); at most {@value #MAX_CACHED} pairs are kept.
   */
  private static double[][] table(int from, int to, int up, double cutoff, double halfWidth,
      int taps) {
    long key = (long) from << 32 | to;
    double[][] t = TABLES.get(key);
    if (t == null) {
      t = new double[up][];
      for (int p = 0; p < up; p++) {
        t[p] = taps(p / (double) up, cutoff, halfWidth, taps);
      }
      if (TABLES.size() < MAX_CACHED) {
        TABLES.putIfAbsent(key, t);
      }
    }
    return t;
  }

  /** Filter taps for input samples base - taps/2 ... base + taps/2 around position base + frac. */
  private static double[] taps(double frac, double cutoff, double halfWidth, int taps) {
    double[] h = new double[taps];
    double i0Beta = besselI0(BETA);
    for (int k = 0; k < taps; k++) {
      double t = (k - taps / 2) - frac; // distance in input samples from the output position
      if (Math.abs(t) >= halfWidth) {
        continue;
      }
      double x = Math.PI * cutoff * t;
      double sinc = x == 0 ? 1 : Math.sin(x) / x;
      double r = t / halfWidth;
      double window = besselI0(BETA * Math.sqrt(1 - r * r)) / i0Beta;
      h[k] = cutoff * sinc * window;
    }
    return h;
  }

  /** Modified Bessel function of the first kind, order 0 (power series). */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 60; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
