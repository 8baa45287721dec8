package dev.quiver.engine;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Small deterministic media models for tests, and the PNG and WAV files they read:
 *
 * <ul>
 *   <li>{@link #cells()} "fake-cells" (image): the mean colour of each 2×2 cell of the image, 12 numbers;
 *   <li>{@link #joint()} "fake-joint" (text and image): an image maps to its mean (r, g, b, 0.05); a
 *       text to the colour words it names ("red", "green", "blue"), so "a red square" finds red images;
 *   <li>{@link #signal()} "fake-signal" (audio): zero-crossing rate, RMS and peak of the samples, so
 *       tones of one pitch are close and tones of another far.
 * </ul>
 * Undecodable bytes are refused with IllegalArgumentException naming the item, as real models do.
 */
public final class FakeMediaModels {

  private FakeMediaModels() {}

  /** A provider knowing exactly these models. */
  public static dev.quiver.core.embed.EmbeddingModelProvider provider(EmbeddingModel... models) {
    return dev.quiver.core.embed.EmbeddingModelProvider.of(List.of(new dev.quiver.core.embed.EmbeddingModelProvider() {
      @Override
      public Set<String> names() {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        for (EmbeddingModel m : models) {
          s.add(m.name());
        }
        return s;
      }

      @Override
      public EmbeddingModel model(String n) {
        for (EmbeddingModel m : models) {
          if (m.name().equals(n)) {
            return m;
          }
        }
        throw new IllegalArgumentException("unknown model '" + n + "'; known: " + names());
      }
    }));
  }

  public static Model cells() {
    return new Model("fake-cells", EnumSet.of(Modality.IMAGE), 12);
  }

  public static Model joint() {
    return new Model("fake-joint", EnumSet.of(Modality.TEXT, Modality.IMAGE), 4);
  }

  public static Model signal() {
    return new Model("fake-signal", EnumSet.of(Modality.AUDIO), 3);
  }

  /** One fake media model; {@code calls} counts embedMedia calls. */
  public static final class Model implements EmbeddingModel {
    private final String name;
    private final Set<Modality> modalities;
    private final int dimension;
    public final AtomicInteger calls = new AtomicInteger();

    Model(String name, Set<Modality> modalities, int dimension) {
      this.name = name;
      this.modalities = modalities;
      this.dimension = dimension;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public boolean normalized() {
      return false;
    }

    @Override
    public Set<Modality> modalities() {
      return modalities;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      if (!modalities.contains(Modality.TEXT)) {
        throw new IllegalArgumentException("model '" + name + "' embeds " + modalities + ", not text");
      }
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        String s = t.toLowerCase(Locale.ROOT);
        out.add(new float[] {s.contains("red") ? 1 : 0, s.contains("green") ? 1 : 0, s.contains("blue") ? 1 : 0,
            0.05f});
      }
      return out;
    }

    @Override
    public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
      if (!modalities.contains(modality)) {
        throw new IllegalArgumentException("model '" + name + "' embeds " + modalities + ", not " + modality);
      }
      calls.incrementAndGet();
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        out.add(modality == Modality.AUDIO ? signal(items.get(i), i) : image(items.get(i), i));
      }
      return out;
    }

    private float[] image(byte[] bytes, int item) {
      BufferedImage img;
      try {
        img = ImageIO.read(new ByteArrayInputStream(bytes));
      } catch (IOException e) {
        img = null;
      }
      if (img == null) {
        throw new IllegalArgumentException("item " + item + " is not a PNG, JPEG, GIF or BMP image ("
            + bytes.length + " bytes)");
      }
      int w = img.getWidth();
      int h = img.getHeight();
      if (dimension == 4) {
        float[] m = mean(img, 0, 0, w, h);
        return new float[] {m[0], m[1], m[2], 0.05f};
      }
      float[] v = new float[12];
      for (int cy = 0; cy < 2; cy++) {
        for (int cx = 0; cx < 2; cx++) {
          float[] m = mean(img, cx * w / 2, cy * h / 2, Math.max(1, w / 2), Math.max(1, h / 2));
          System.arraycopy(m, 0, v, (cy * 2 + cx) * 3, 3);
        }
      }
      v[11] += 0.01f; // never all zeros (a black image)
      return v;
    }

    private static float[] mean(BufferedImage img, int x0, int y0, int w, int h) {
      float r = 0;
      float g = 0;
      float b = 0;
      int n = 0;
      for (int y = y0; y < Math.min(img.getHeight(), y0 + h); y++) {
        for (int x = x0; x < Math.min(img.getWidth(), x0 + w); x++) {
          int rgb = img.getRGB(x, y);
          r += (rgb >> 16 & 255) / 255f;
          g += (rgb >> 8 & 255) / 255f;
          b += (rgb & 255) / 255f;
          n++;
        }
      }
      return new float[] {r / n, g / n, b / n};
    }

    private static float[] signal(byte[] bytes, int item) {
      short[] s;
      try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
        byte[] pcm = in.readAllBytes();
        s = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      } catch (Exception e) {
        throw new IllegalArgumentException("item " + item + " is not a WAV file (" + bytes.length + " bytes)");
      }
      double sum = 0;
      double peak = 0;
      int crossings = 0;
      for (int i = 0; i < s.length; i++) {
        sum += (double) s[i] * s[i];
        peak = Math.max(peak, Math.abs(s[i]));
        if (i > 0 && (s[i] >= 0) != (s[i - 1] >= 0)) {
          crossings++;
        }
      }
      double n = Math.max(1, s.length);
      return new float[] {(float) (crossings / n * 10), (float) (Math.sqrt(sum / n) / 32768), (float) (peak / 32768) + 0.01f};
    }
  }

  // ------------------------------------------------------------------ test files

  /** A {@code size}×{@code size} PNG whose four quadrants have these RGB colours (top-left, top-right, bottom-left, bottom-right). */
  public static byte[] png(int size, int... quadrants) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int q = (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
        img.setRGB(x, y, quadrants[q % quadrants.length]);
      }
    }
    return encode(img, "png");
  }

  public static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A mono 16-bit 8 kHz WAV of a sine at {@code hz}, {@code seconds} long, at amplitude {@code amp} (0..1). */
  public static byte[] wav(double hz, double seconds, double amp) {
    int rate = 8000;
    int n = (int) (rate * seconds);
    ByteBuffer pcm = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      pcm.putShort((short) Math.round(amp * 32767 * Math.sin(2 * Math.PI * hz * i / rate)));
    }
    AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), f, n)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static final int RED = 0xE01010;
  public static final int GREEN = 0x10C020;
  public static final int BLUE = 0x1020E0;
  public static final int WHITE = 0xFFFFFF;
}
