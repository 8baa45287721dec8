package dev.quiver.embed.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Decodes RIFF/WAVE files: integer PCM of 8 (unsigned), 16, 24 or 32 bits and IEEE float of 32 or
 * 64 bits, plain or in a {@code WAVE_FORMAT_EXTENSIBLE} header, any number of channels (averaged to
 * mono). Compressed WAV (µ-law, A-law, ADPCM, MP3 in WAV, ...) and other containers are refused
 * with an error that names the item and says what was expected. A data chunk whose declared size
 * runs past the end of the file (as streaming writers leave it) is read up to the last whole frame.
 * Stateless and thread-safe.
 */
public final class WavDecoder {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  /** Largest channel count accepted (a sanity bound against corrupt headers). */
  private static final int MAX_CHANNELS = 64;
  private static final String EXPECTED = "expected a WAV file (RIFF/WAVE) of PCM 8/16/24/32-bit"
      + " or IEEE float samples";

  private WavDecoder() {}

  /**
   * Decodes one WAV file.
   *
   * @param item names the file in messages, e.g. {@code "audio 3"} or a file name
   * @throws IllegalArgumentException when the bytes are empty, not a WAV file, compressed, truncated
   *     before any sample, or hold no samples
   */
  public static DecodedAudio decode(byte[] bytes, String item) {
    if (bytes == null) {
      throw new IllegalArgumentException(item + " is null, " + EXPECTED);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException(item + " is empty (0 bytes), " + EXPECTED);
    }
    if (bytes.length < 12 || !ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) {
      throw new IllegalArgumentException(item + " is not a WAV file: " + bytes.length
          + " bytes starting " + head(bytes) + guess(bytes) + ", " + EXPECTED);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    int format = -1;
    int channels = 0;
    int rate = 0;
    int blockAlign = 0;
    int bits = 0;
    int dataStart = -1;
    long dataSize = 0;
    while (pos + 8 <= bytes.length) {
      String id = new String(bytes, pos, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      if (id.equals("fmt ")) {
        if (size < 16 || body + 16 > bytes.length) {
          throw new IllegalArgumentException(item + ": WAV 'fmt ' chunk is " + size
              + " bytes, expected at least 16");
        }
        format = Short.toUnsignedInt(buf.getShort(body));
        channels = Short.toUnsignedInt(buf.getShort(body + 2));
        rate = buf.getInt(body + 4);
        blockAlign = Short.toUnsignedInt(buf.getShort(body + 12));
        bits = Short.toUnsignedInt(buf.getShort(body + 14));
        if (format == FORMAT_EXTENSIBLE) {
          if (size < 40 || body + 26 > bytes.length) {
            throw new IllegalArgumentException(item + ": WAV extensible 'fmt ' chunk is " + size
                + " bytes, expected 40");
          }
          format = Short.toUnsignedInt(buf.getShort(body + 24)); // first two bytes of the sub-format GUID
        }
      } else if (id.equals("data")) {
        dataStart = body;
        dataSize = Math.min(size, bytes.length - (long) body);
        break;
      }
      pos = (int) Math.min(bytes.length, body + size + (size & 1));
    }
    if (format < 0) {
      throw new IllegalArgumentException(item + ": WAV file has no 'fmt ' chunk before its data, "
          + EXPECTED);
    }
    if (format != FORMAT_PCM && format != FORMAT_FLOAT) {
      throw new IllegalArgumentException(item + ": WAV format 0x" + Integer.toHexString(format)
          + " (" + formatName(format) + ") is compressed or unsupported; expected PCM (1) or IEEE"
          + " float (3) samples; convert it first, e.g. sox in.wav -e signed -b 16 out.wav");
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException(item + ": WAV header says " + channels
          + " channels, expected 1 to " + MAX_CHANNELS);
    }
    if (rate < 1) {
      throw new IllegalArgumentException(item + ": WAV header says sample rate " + rate
          + ", expected a positive number of samples per second");
    }
    boolean supported = format == FORMAT_PCM
        ? bits == 8 || bits == 16 || bits == 24 || bits == 32
        : bits == 32 || bits == 64;
    if (!supported) {
      throw new IllegalArgumentException(item + ": WAV " + (format == FORMAT_PCM ? "PCM" : "float")
          + " with " + bits + " bits per sample is not supported, expected "
          + (format == FORMAT_PCM ? "8, 16, 24 or 32" : "32 or 64"));
    }
    int bytesPerSample = bits / 8;
    if (blockAlign != bytesPerSample * channels) {
      blockAlign = bytesPerSample * channels; // some writers leave it wrong; the layout is fixed
    }
    if (dataStart < 0) {
      throw new IllegalArgumentException(item + ": WAV file has no 'data' chunk (" + bytes.length
          + " bytes), " + EXPECTED);
    }
    long frames = dataSize / blockAlign;
    if (frames == 0) {
      throw new IllegalArgumentException(item + ": WAV file holds no samples (data chunk of "
          + dataSize + " bytes), expected at least one " + channels + "-channel frame");
    }
    if (frames > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(item + ": WAV file holds " + frames
          + " frames, more than Quiver decodes at once");
    }
    float[] mono = new float[(int) frames];
    float scale = 1f / channels;
    int p = dataStart;
    for (int i = 0; i < frames; i++) {
      double sum = 0;
      for (int c = 0; c < channels; c++, p += bytesPerSample) {
        sum += sample(buf, p, format, bits);
      }
      mono[i] = (float) (sum * scale);
    }
    String encoding = (format == FORMAT_PCM ? "PCM " : "IEEE float ") + bits + "-bit";
    return new DecodedAudio(mono, rate, channels, encoding);
  }

  private static double sample(ByteBuffer buf, int p, int format, int bits) {
    if (format == FORMAT_FLOAT) {
      return bits == 32 ? buf.getFloat(p) : buf.getDouble(p);
    }
    return switch (bits) {
      case 8 -> (Byte.toUnsignedInt(buf.get(p)) - 128) / 128.0;
      case 16 -> buf.getShort(p) / 32768.0;
      case 24 -> ((buf.get(p) & 0xFF) | (buf.get(p + 1) & 0xFF) << 8 | buf.get(p + 2) << 16) / 8388608.0;
      default -> buf.getInt(p) / 2147483648.0;
    };
  }

  private static String formatName(int format) {
    return switch (format) {
      case 2 -> "Microsoft ADPCM";
      case 6 -> "A-law";
      case 7 -> "mu-law";
      case 0x11 -> "IMA ADPCM";
      case 0x31 -> "GSM 6.10";
      case 0x50 -> "MPEG";
      case 0x55 -> "MPEG layer 3";
      default -> "unknown";
    };
  }

  private static boolean ascii(byte[] b, int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String guess(byte[] b) {
    if (b.length >= 4 && ascii(b, 0, "fLaC")) {
      return " (a FLAC file)";
    }
    if (b.length >= 4 && ascii(b, 0, "OggS")) {
      return " (an Ogg file)";
    }
    if (b.length >= 3 && ascii(b, 0, "ID3") || b.length >= 2 && (b[0] & 0xFF) == 0xFF
        && (b[1] & 0xE0) == 0xE0) {
      return " (an MP3 file?)";
    }
    if (b.length >= 4 && ascii(b, 0, "RIFF")) {
      return " (RIFF, but not WAVE)";
    }
    return "";
  }

  private static String head(byte[] b) {
    StringBuilder s = new StringBuilder("'");
    for (int i = 0; i < Math.min(8, b.length); i++) {
      int c = b[i] & 0xFF;
      s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.append("'").toString();
  }
}
