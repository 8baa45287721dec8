package dev.quiver.embed.audio;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link MfccExtractor} turns samples into log-mel frames and MFCCs. Every value is checked on
 * construction; errors name the setting, the bad value and what was expected.
 *
 * @param sampleRate samples per second the features are computed at (input is resampled to it)
 * @param frameLength samples per analysis frame (400 = 25 ms at 16 kHz)
 * @param hopLength samples between frame starts (160 = 10 ms at 16 kHz)
 * @param fftSize FFT length, a power of two ≥ frameLength (frames are zero-padded to it)
 * @param window analysis window
 * @param preEmphasis first-order pre-emphasis coefficient a in y[n] = x[n] − a·x[n−1], 0 for none
 * @param melBands triangular mel filters
 * @param fMin lowest filterbank frequency, Hz
 * @param fMax highest filterbank frequency, Hz, at most sampleRate / 2
 * @param melScale HTK or Slaney mel formula
 * @param slaneyNorm scale each filter to unit area (librosa's {@code norm="slaney"}); false: peak 1
 * @param logFloor energies below it are raised to it before the natural log
 * @param coefficients MFCCs kept (DCT-II outputs 0..coefficients−1), at most melBands
 * @param lifter sinusoidal liftering parameter L (c_k × (1 + L/2·sin(πk/L))), 0 for none
 */
public record MfccConfig(int sampleRate, int frameLength, int hopLength, int fftSize,
    WindowType window, double preEmphasis, int melBands, double fMin, double fMax,
    MelScale melScale, boolean slaneyNorm, double logFloor, int coefficients, int lifter) {

  /** Every key {@link #fromSettings} reads. */
  public static final Set<String> KEYS = Set.of("sample-rate", "frame-length", "hop-length",
      "fft-size", "window", "pre-emphasis", "mel-bands", "f-min", "f-max", "mel-scale", "mel-norm",
      "log-floor", "coefficients", "lifter");

  public MfccConfig {
    if (window == null || melScale == null) {
      throw new IllegalArgumentException("MFCC window and mel scale must be set");
    }
    check(sampleRate >= 1000 && sampleRate <= 384_000, "sample-rate", sampleRate,
        "1000 to 384000 samples per second");
    check(frameLength >= 16, "frame-length", frameLength, "at least 16 samples");
    check(hopLength >= 1, "hop-length", hopLength, "at least 1 sample");
    check(Integer.bitCount(fftSize) == 1 && fftSize >= frameLength && fftSize <= 65_536, "fft-size",
        fftSize, "a power of two from frame-length (" + frameLength + ") to 65536");
    check(preEmphasis >= 0 && preEmphasis < 1, "pre-emphasis", preEmphasis, "0 <= a < 1");
    check(melBands >= 1 && melBands <= fftSize / 2, "mel-bands", melBands,
        "1 to fft-size / 2 (" + fftSize / 2 + ")");
    check(fMin >= 0 && fMin < fMax, "f-min", fMin, "0 <= f-min < f-max (" + fMax + ")");
    check(fMax <= sampleRate / 2.0, "f-max", fMax, "at most the Nyquist frequency "
        + sampleRate / 2.0 + " Hz");
    check(logFloor > 0 && Double.isFinite(logFloor), "log-floor", logFloor, "a positive number");
    check(coefficients >= 1 && coefficients <= melBands, "coefficients", coefficients,
        "1 to mel-bands (" + melBands + ")");
    check(lifter >= 0, "lifter", lifter, "0 (none) or more");
  }

  /**
   * 16 kHz, 25 ms Hann frames every 10 ms, 512-point FFT, pre-emphasis 0.97, 40 HTK mel bands from
   * 20 Hz to 7600 Hz (peak-normalised), log floor 1e-10, 20 MFCCs, lifter 22.
   */
  public static MfccConfig defaults() {
    return new MfccConfig(16_000, 400, 160, 512, WindowType.HANN, 0.97, 40, 20, 7600,
        MelScale.HTK, false, 1e-10, 20, 22);
  }

  /** Frames per second. */
  public double frameRate() {
    return sampleRate / (double) hopLength;
  }

  /**
   * {@code base} with the settings present in {@code settings} (keys {@link #KEYS}, values as
   * text) replaced; other keys are ignored. Errors name {@code owner}, the key and the value.
   */
  public static MfccConfig fromSettings(String owner, Map<String, String> settings, MfccConfig base) {
    try {
      String melNorm = settings.getOrDefault("mel-norm", base.slaneyNorm ? "slaney" : "none").trim()
          .toLowerCase(Locale.ROOT);
      if (!melNorm.equals("none") && !melNorm.equals("slaney")) {
        throw new IllegalArgumentException("mel-norm '" + melNorm + "' is not one of: none, slaney");
      }
      return new MfccConfig(
          integer(settings, "sample-rate", base.sampleRate),
          integer(settings, "frame-length", base.frameLength),
          integer(settings, "hop-length", base.hopLength),
          integer(settings, "fft-size", base.fftSize),
          settings.containsKey("window") ? WindowType.parse(settings.get("window")) : base.window,
          number(settings, "pre-emphasis", base.preEmphasis),
          integer(settings, "mel-bands", base.melBands),
          number(settings, "f-min", base.fMin),
          number(settings, "f-max", base.fMax),
          settings.containsKey("mel-scale") ? MelScale.parse(settings.get("mel-scale")) : base.melScale,
          melNorm.equals("slaney"),
          number(settings, "log-floor", base.logFloor),
          integer(settings, "coefficients", base.coefficients),
          integer(settings, "lifter", base.lifter));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
    }
  }

  /** Keys of {@code settings} that are not MFCC settings and not in {@code others}. */
  static Set<String> unknownKeys(Map<String, String> settings, Set<String> others) {
    Set<String> unknown = new LinkedHashSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    unknown.removeAll(others);
    return unknown;
  }

  /** Every accepted key, sorted, for messages. */
  static TreeSet<String> allKeys(Set<String> others) {
    TreeSet<String> all = new TreeSet<>(KEYS);
    all.addAll(others);
    return all;
  }

  private static int integer(Map<String, String> s, String key, int fallback) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " '" + v + "' is not a whole number", e);
    }
  }

  private static double number(Map<String, String> s, String key, double fallback) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " '" + v + "' is not a number", e);
    }
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("MFCC setting " + key + " = " + value + " is out of range,"
          + " expected " + expected);
    }
  }
}
