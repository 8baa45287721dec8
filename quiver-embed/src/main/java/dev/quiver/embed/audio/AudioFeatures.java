package dev.quiver.embed.audio;

import java.util.Arrays;

/**
 * What an audio model computes from one WAV file before its own arithmetic: decode, mix down,
 * resample to the feature rate, mel energies, keep the frames that hold sound, at most
 * {@code maxFrames} of them (the middle ones), then log-mel or MFCC frames. Thread-safe.
 *
 * @param extractor feature settings and code
 * @param trimDb frames more than this many dB below the loudest frame are cut from both ends; 0
 *     keeps every frame
 * @param maxFrames longest feature sequence; longer ones keep their middle {@code maxFrames}
 */
public record AudioFeatures(MfccExtractor extractor, double trimDb, int maxFrames) {

  public AudioFeatures {
    if (extractor == null) {
      throw new IllegalArgumentException("audio features need an MFCC extractor");
    }
    if (!(trimDb >= 0) || trimDb > 200) {
      throw new IllegalArgumentException("trim-db " + trimDb + " is out of range, expected 0 (no"
          + " trimming) to 200 dB");
    }
    if (maxFrames < 1) {
      throw new IllegalArgumentException("max-frames " + maxFrames + " is out of range, expected at"
          + " least 1 frame");
    }
  }

  /** Decoded, mono, at the feature sample rate. */
  public float[] samples(byte[] wav, String item) {
    return WavDecoder.decode(wav, item).resampledTo(extractor.config().sampleRate()).samples();
  }

  /** Mel energies of the kept frames: trimmed to the sound, then centre-cropped to maxFrames. */
  public double[][] keptMelPower(float[] samples) {
    double[][] mel = extractor.melPower(samples);
    int[] span = MfccExtractor.speechBounds(mel, trimDb);
    int from = span[0];
    int to = span[1];
    if (to - from > maxFrames) {
      from += (to - from - maxFrames) / 2;
      to = from + maxFrames;
    }
    return Arrays.copyOfRange(mel, from, to);
  }

  /** Log-mel frames [frames][melBands] of the kept frames. */
  public float[][] logMel(float[] samples) {
    double[][] mel = keptMelPower(samples);
    return extractor.logMel(mel, 0, mel.length);
  }

  /** MFCC frames [frames][coefficients] of the kept frames. */
  public float[][] mfcc(float[] samples) {
    return extractor.mfcc(logMel(samples));
  }
}
