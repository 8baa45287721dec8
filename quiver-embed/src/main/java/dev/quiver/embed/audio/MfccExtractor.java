package dev.quiver.embed.audio;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel frames and MFCCs of mono samples, as configured by an {@link MfccConfig}:
 *
 * <ol>
 *   <li>pre-emphasis y[0] = x[0], y[n] = x[n] − a·x[n−1];
 *   <li>frames of {@code frameLength} samples every {@code hopLength}, no centring: a signal
 *       shorter than one frame gives one zero-padded frame, a tail that does not fill a frame is
 *       dropped;
 *   <li>periodic Hann/Hamming window, zero-padded to {@code fftSize}, real FFT (JTransforms), power
 *       |X|²;
 *   <li>triangular mel filterbank over the FFT bin frequencies k·rate/fftSize (HTK or Slaney
 *       scale, {@code fMin}..{@code fMax}, peak 1 or Slaney area normalisation);
 *   <li>natural log of max(energy, {@code logFloor});
 *   <li>orthonormal DCT-II, first {@code coefficients} outputs, optional sinusoidal liftering.
 * </ol>
 *
 * The numpy file {@code models/spoken-words/features.py} implements the same steps; the tests
 * check the two agree. Computation is in double precision; results are floats. Thread-safe (each
 * thread gets its own FFT plan).
 */
public final class MfccExtractor {

  private final MfccConfig config;
  private final double[] window;
  /** Per mel band: the first FFT bin with a non-zero weight, and the weights from there. */
  private final int[] bandStart;
  private final double[][] bandWeights;
  /** [coefficients][melBands] DCT-II (orthonormal) with liftering folded in. */
  private final double[][] dct;
  private final ThreadLocal<DoubleFFT_1D> fft;

  public MfccExtractor(MfccConfig config) {
    this.config = config;
    this.window = config.window().coefficients(config.frameLength());
    int bins = config.fftSize() / 2 + 1;
    double[][] full = filterbank(config);
    this.bandStart = new int[config.melBands()];
    this.bandWeights = new double[config.melBands()][];
    for (int b = 0; b < full.length; b++) {
      int lo = 0;
      while (lo < bins && full[b][lo] == 0) {
        lo++;
      }
      int hi = bins;
      while (hi > lo && full[b][hi - 1] == 0) {
        hi--;
      }
      bandStart[b] = lo;
      bandWeights[b] = Arrays.copyOfRange(full[b], lo, Math.max(lo, hi));
    }
    int n = config.melBands();
    this.dct = new double[config.coefficients()][n];
    for (int k = 0; k < dct.length; k++) {
      double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / n);
      double lift = config.lifter() > 0
          ? 1 + (config.lifter() / 2.0) * Math.sin(Math.PI * k / config.lifter()) : 1;
      for (int i = 0; i < n; i++) {
        dct[k][i] = scale * lift * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
    int size = config.fftSize();
    this.fft = ThreadLocal.withInitial(() -> new DoubleFFT_1D(size));
  }

  public MfccConfig config() {
    return config;
  }

  /**
   * The mel filterbank as a dense [melBands][fftSize/2 + 1] matrix (exposed for tests and for
   * anyone checking it against another implementation).
   */
  public static double[][] filterbank(MfccConfig c) {
    int bins = c.fftSize() / 2 + 1;
    double melLo = c.melScale().toMel(c.fMin());
    double melHi = c.melScale().toMel(c.fMax());
    double[] hz = new double[c.melBands() + 2];
    for (int i = 0; i < hz.length; i++) {
      hz[i] = c.melScale().toHz(melLo + (melHi - melLo) * i / (c.melBands() + 1));
    }
    double[][] w = new double[c.melBands()][bins];
    for (int b = 0; b < c.melBands(); b++) {
      double lo = hz[b];
      double mid = hz[b + 1];
      double hi = hz[b + 2];
      double norm = c.slaneyNorm() ? 2.0 / (hi - lo) : 1.0;
      for (int k = 0; k < bins; k++) {
        double f = (double) k * c.sampleRate() / c.fftSize();
        double v = Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid));
        w[b][k] = v > 0 ? v * norm : 0;
      }
    }
    return w;
  }

  /** Number of frames a signal of {@code samples} samples gives (at least 1). */
  public int frameCount(int samples) {
    if (samples <= config.frameLength()) {
      return 1;
    }
    return 1 + (samples - config.frameLength()) / config.hopLength();
  }

  /** Power spectra [frames][fftSize/2 + 1]. */
  public double[][] powerSpectrum(float[] signal) {
    int frames = frameCount(signal.length);
    int len = config.frameLength();
    int hop = config.hopLength();
    int nfft = config.fftSize();
    int bins = nfft / 2 + 1;
    double a = config.preEmphasis();
    DoubleFFT_1D plan = fft.get();
    double[] buf = new double[nfft];
    double[][] out = new double[frames][bins];
    for (int t = 0; t < frames; t++) {
      int start = t * hop;
      for (int i = 0; i < len; i++) {
        int n = start + i;
        double x;
        if (n >= signal.length) {
          x = 0;
        } else if (n == 0 || a == 0) {
          x = signal[n];
        } else {
          x = signal[n] - a * signal[n - 1];
        }
        buf[i] = x * window[i];
      }
      Arrays.fill(buf, len, nfft, 0);
      plan.realForward(buf);
      double[] p = out[t];
      p[0] = buf[0] * buf[0];
      p[nfft / 2] = buf[1] * buf[1];
      for (int k = 1; k < nfft / 2; k++) {
        double re = buf[2 * k];
        double im = buf[2 * k + 1];
        p[k] = re * re + im * im;
      }
    }
    return out;
  }

  /** Mel-band energies [frames][melBands] (before the log). */
  public double[][] melPower(float[] signal) {
    double[][] power = powerSpectrum(signal);
    double[][] mel = new double[power.length][config.melBands()];
    for (int t = 0; t < power.length; t++) {
      for (int b = 0; b < bandWeights.length; b++) {
        double[] w = bandWeights[b];
        int s = bandStart[b];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
          sum += w[k] * power[t][s + k];
        }
        mel[t][b] = sum;
      }
    }
    return mel;
  }

  /** Log-mel frames [frames][melBands]: ln(max(energy, logFloor)). */
  public float[][] logMel(float[] signal) {
    return logMel(melPower(signal), 0, frameCount(signal.length));
  }

  /** Log of frames {@code from} (inclusive) to {@code to} (exclusive) of mel energies. */
  public float[][] logMel(double[][] melPower, int from, int to) {
    float[][] out = new float[to - from][];
    for (int t = from; t < to; t++) {
      double[] e = melPower[t];
      float[] row = new float[e.length];
      for (int b = 0; b < e.length; b++) {
        row[b] = (float) Math.log(Math.max(e[b], config.logFloor()));
      }
      out[t - from] = row;
    }
    return out;
  }

  /** MFCCs [frames][coefficients] of a signal. */
  public float[][] mfcc(float[] signal) {
    return mfcc(logMel(signal));
  }

  /** MFCCs [frames][coefficients] of log-mel frames (DCT-II orthonormal, then liftering). */
  public float[][] mfcc(float[][] logMel) {
    float[][] out = new float[logMel.length][dct.length];
    for (int t = 0; t < logMel.length; t++) {
      for (int k = 0; k < dct.length; k++) {
        double[] row = dct[k];
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
          sum += row[i] * logMel[t][i];
        }
        out[t][k] = (float) sum;
      }
    }
    return out;
  }

  /**
   * Regression deltas over ±{@code width} frames, first and last frames repeated at the edges:
   * d[t] = Σₙ n·(c[t+n] − c[t−n]) / (2·Σₙ n²).
   */
  public static float[][] deltas(float[][] c, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("delta width must be at least 1, got " + width);
    }
    int frames = c.length;
    double denom = 0;
    for (int n = 1; n <= width; n++) {
      denom += 2.0 * n * n;
    }
    float[][] out = new float[frames][];
    for (int t = 0; t < frames; t++) {
      int dims = c[t].length;
      double[] acc = new double[dims];
      for (int n = 1; n <= width; n++) {
        float[] next = c[Math.min(frames - 1, t + n)];
        float[] prev = c[Math.max(0, t - n)];
        for (int k = 0; k < dims; k++) {
          acc[k] += n * ((double) next[k] - prev[k]);
        }
      }
      float[] d = new float[dims];
      for (int k = 0; k < dims; k++) {
        d[k] = (float) (acc[k] / denom);
      }
      out[t] = d;
    }
    return out;
  }

  /**
   * The span of frames holding sound: from the first to the last frame whose total mel energy is
   * within {@code topDb} dB of the loudest frame's, as {@code {from, to}} (to exclusive). All
   * frames when the signal is silent or {@code topDb} is 0 or less.
   */
  public static int[] speechBounds(double[][] melPower, double topDb) {
    int frames = melPower.length;
    if (topDb <= 0) {
      return new int[] {0, frames};
    }
    double[] energy = new double[frames];
    double max = 0;
    for (int t = 0; t < frames; t++) {
      double s = 0;
      for (double v : melPower[t]) {
        s += v;
      }
      energy[t] = s;
      max = Math.max(max, s);
    }
    if (max <= 0) {
      return new int[] {0, frames};
    }
    double threshold = max * Math.pow(10, -topDb / 10);
    int from = 0;
    while (energy[from] < threshold) {
      from++;
    }
    int to = frames;
    while (energy[to - 1] < threshold) {
      to--;
    }
    return new int[] {from, to};
  }
}
