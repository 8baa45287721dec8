package dev.quiver.embed.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** WAV decoding of every supported layout, clear errors for the rest, and resampling. */
class WavDecoderTest {

  /** Values exactly representable in 8-bit unsigned PCM and every wider format. */
  static final double[] VALUES = {0, 0.5, -0.5, 0.25, -1, 0.75};

  /** A WAV file: fmt chunk (format tag, or extensible with that sub-format) and data chunk. */
  static byte[] wav(int format, boolean extensible, int channels, int rate, int bits, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int fmtSize = extensible ? 40 : 16;
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 12 + 8 + data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(0)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(fmtSize)
        .putShort((short) (extensible ? 0xFFFE : format)).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8))
        .putShort((short) bits);
    if (extensible) {
      b.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) format)
          .put(new byte[14]);
    }
    // an odd-sized chunk Quiver must skip, padding byte included
    b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0});
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    out.write(b.array(), 0, b.position());
    byte[] bytes = out.toByteArray();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, bytes.length - 8);
    return bytes;
  }

  static byte[] samples(int format, int bits, double[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * bits / 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      if (format == 3) {
        if (bits == 32) {
          b.putFloat((float) v);
        } else {
          b.putDouble(v);
        }
      } else {
        switch (bits) {
          case 8 -> b.put((byte) Math.round(v * 128 + 128 == 256 ? 255 : v * 128 + 128));
          case 16 -> b.putShort((short) Math.round(v * 32768 == 32768 ? 32767 : v * 32768));
          case 24 -> {
            int s = (int) Math.round(v * 8388608);
            b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
          }
          default -> b.putInt((int) Math.round(v * 2147483648.0));
        }
      }
    }
    return b.array();
  }

  @Test
  void decodesEveryPcmAndFloatLayout() {
    int[][] layouts = {{1, 8}, {1, 16}, {1, 24}, {1, 32}, {3, 32}, {3, 64}};
    for (int[] l : layouts) {
      for (boolean extensible : new boolean[] {false, true}) {
        byte[] file = wav(l[0], extensible, 1, 22_050, l[1], samples(l[0], l[1], VALUES));
        DecodedAudio a = WavDecoder.decode(file, "t");
        String what = (l[0] == 1 ? "PCM " : "float ") + l[1] + (extensible ? " extensible" : "");
        assertEquals(22_050, a.sampleRate(), what);
        assertEquals(VALUES.length, a.samples().length, what);
        for (int i = 0; i < VALUES.length; i++) {
          assertEquals(VALUES[i], a.samples()[i], 1e-9, what + " sample " + i);
        }
        assertTrue(a.encoding().endsWith(l[1] + "-bit"), a.encoding());
      }
    }
  }

  @Test
  void mixesChannelsDownToMono() {
    double[] stereo = {0.5, -0.5, 0.25, 0.75, -1, -1}; // L R L R L R
    DecodedAudio a = WavDecoder.decode(wav(1, false, 2, 8000, 16, samples(1, 16, stereo)), "s");
    assertEquals(2, a.channels());
    assertEquals(3, a.samples().length);
    assertEquals(0, a.samples()[0], 1e-6);
    assertEquals(0.5, a.samples()[1], 1e-6);
    assertEquals(-1, a.samples()[2], 1e-6);
    assertEquals(3 / 8000.0, a.durationSeconds(), 1e-12);
  }

  @Test
  void readsADataChunkWhoseSizeRunsPastTheEnd() {
    byte[] file = wav(1, false, 1, 16_000, 16, samples(1, 16, VALUES));
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - VALUES.length * 2 - 4,
        0xFFFFFFFF); // streaming writers leave the size unknown
    assertEquals(VALUES.length, WavDecoder.decode(file, "x").samples().length);
  }

  @Test
  void refusesWhatIsNotAPlainWavWithClearMessages() {
    assertMessage(new byte[0], "clip.wav is empty (0 bytes), expected a WAV file");
    assertMessage("ID3\u0003 some mp3".getBytes(StandardCharsets.ISO_8859_1),
        "clip.wav is not a WAV file: 13 bytes starting 'ID3\\x03 som' (an MP3 file?)");
    assertMessage("fLaC\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "(a FLAC file)");
    assertMessage(wav(0x55, false, 1, 44_100, 16, new byte[64]),
        "clip.wav: WAV format 0x55 (MPEG layer 3) is compressed or unsupported; expected PCM (1) or"
            + " IEEE float (3)");
    assertMessage(wav(7, false, 1, 8000, 8, new byte[64]), "(mu-law)");
    assertMessage(wav(1, false, 1, 16_000, 16, new byte[0]),
        "clip.wav: WAV file holds no samples (data chunk of 0 bytes)");
    assertMessage(wav(1, false, 1, 16_000, 12, new byte[64]),
        "WAV PCM with 12 bits per sample is not supported, expected 8, 16, 24 or 32");
    assertMessage(wav(3, false, 1, 16_000, 16, new byte[64]), "expected 32 or 64");
    assertMessage(wav(1, false, 0, 16_000, 16, new byte[64]), "0 channels, expected 1 to 64");
    byte[] noData = java.util.Arrays.copyOf(wav(1, false, 1, 16_000, 16, new byte[8]), 36);
    assertMessage(noData, "has no 'data' chunk");
  }

  private static void assertMessage(byte[] bytes, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WavDecoder.decode(bytes, "clip.wav"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void resamplesASineWithoutDistortion() {
    for (int[] rates : new int[][] {{22_050, 16_000}, {44_100, 16_000}, {8_000, 16_000},
        {48_000, 16_000}, {11_025, 16_000}}) {
      int from = rates[0];
      int to = rates[1];
      double freq = 1000;
      float[] x = sine(freq, from, from / 2); // 0.5 s
      float[] y = Resampler.resample(x, from, to);
      assertEquals((x.length * (long) to + from - 1) / from, y.length);
      double worst = 0;
      for (int n = y.length / 8; n < y.length * 7 / 8; n++) { // away from the zero-padded ends
        worst = Math.max(worst, Math.abs(y[n] - 0.5 * Math.sin(2 * Math.PI * freq * n / to)));
      }
      assertTrue(worst < 2e-3, from + " -> " + to + ": worst error " + worst);
    }
  }

  @Test
  void downsamplingFiltersOutWhatTheNewRateCannotHold() {
    // 10 kHz at 48 kHz: above 8 kHz, the Nyquist frequency of 16 kHz. Picking samples would fold
    // it to a loud 6 kHz tone; the low-pass removes it.
    float[] x = sine(10_000, 48_000, 24_000);
    float[] y = Resampler.resample(x, 48_000, 16_000);
    assertTrue(rms(y, y.length / 8, y.length * 7 / 8) < 0.005, "alias rms " + rms(y, y.length / 8,
        y.length * 7 / 8));
    float[] picked = new float[x.length / 3];
    for (int i = 0; i < picked.length; i++) {
      picked[i] = x[3 * i];
    }
    assertTrue(rms(picked, 0, picked.length) > 0.3, "nearest-sample would alias");
    // 4 kHz stays
    float[] z = Resampler.resample(sine(4000, 48_000, 24_000), 48_000, 16_000);
    assertEquals(0.5 / Math.sqrt(2), rms(z, z.length / 8, z.length * 7 / 8), 5e-3);
  }

  @Test
  void decodedAudioResamplesToTheModelRate() {
    byte[] file = wav(1, false, 1, 22_050, 16, samples(1, 16, toDouble(sine(440, 22_050, 22_050))));
    DecodedAudio a = WavDecoder.decode(file, "a").resampledTo(16_000);
    assertEquals(16_000, a.sampleRate());
    assertEquals(16_000, a.samples().length);
    assertEquals(1.0, a.durationSeconds(), 1e-9);
  }

  static float[] sine(double freq, int rate, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * freq * i / rate));
    }
    return x;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  static double rms(float[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += (double) x[i] * x[i];
    }
    return Math.sqrt(s / (to - from));
  }
}
