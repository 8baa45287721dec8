package dev.quiver.embed.audio;

/**
 * A decoded sound, mixed down to one channel.
 *
 * @param samples mono samples in [-1, 1] (the average of the file's channels)
 * @param sampleRate samples per second
 * @param channels channels in the file before the mix-down
 * @param encoding how the file stored its samples, e.g. {@code "PCM 16-bit"} or {@code "IEEE float 32-bit"}
 */
public record DecodedAudio(float[] samples, int sampleRate, int channels, String encoding) {

  public DecodedAudio {
    if (samples == null || samples.length == 0) {
      throw new IllegalArgumentException("decoded audio must have at least one sample");
    }
    if (sampleRate < 1) {
      throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
    }
  }

  /** Length in seconds. */
  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  /** The same sound at {@code rate} samples per second ({@link Resampler}); this one when equal. */
  public DecodedAudio resampledTo(int rate) {
    if (rate == sampleRate) {
      return this;
    }
    return new DecodedAudio(Resampler.resample(samples, sampleRate, rate), rate, channels, encoding);
  }
}
