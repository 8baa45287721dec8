package dev.quiver.embed.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes encoded image files (PNG, JPEG, GIF, BMP through {@code javax.imageio}; the first frame
 * of an animated GIF) into {@link DecodedImage} planes. Errors name the item's position and what
 * was expected.
 *
 * <p>Grayscale files keep their stored sample values (read from the raster, not through
 * {@code getRGB}, which would pass them through a linear-to-sRGB conversion and change them);
 * colour, palette and alpha files become red/green/blue as {@code getRGB} gives them, alpha
 * dropped (as PIL's {@code convert("RGB")}). Stateless and thread-safe.
 */
public final class ImageDecoder {

  /** Largest image decoded, in pixels (a 16k × 16k photo); bigger ones are refused before decoding. */
  public static final long MAX_PIXELS = 16_384L * 16_384L;

  private ImageDecoder() {}

  /**
   * Decodes one encoded image.
   *
   * @param item the item's position in the caller's list, for messages
   * @throws IllegalArgumentException when the bytes are empty, not an image format javax.imageio
   *     reads, corrupt, of zero size or larger than {@link #MAX_PIXELS}
   */
  public static DecodedImage decode(byte[] bytes, int item) {
    if (bytes == null) {
      throw new IllegalArgumentException("image " + item + " is null, expected the bytes of a PNG,"
          + " JPEG, GIF or BMP file");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("image " + item + " is empty (0 bytes), expected a PNG, JPEG,"
          + " GIF or BMP file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("image " + item + " is not an image: " + bytes.length
            + " bytes starting " + head(bytes) + ", expected a PNG, JPEG, GIF or BMP file");
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toLowerCase(Locale.ROOT);
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
          throw new IllegalArgumentException("image " + item + " (" + format + ") has zero size "
              + width + "x" + height + ", expected at least 1x1 pixels");
        }
        if ((long) width * height > MAX_PIXELS) {
          throw new IllegalArgumentException("image " + item + " (" + format + ") is " + width + "x"
              + height + " pixels, more than the " + MAX_PIXELS + " Quiver decodes; downscale it first");
        }
        BufferedImage image = reader.read(0);
        return toPlanes(image, format);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
          && iae.getMessage().startsWith("image " + item + " ")) {
        throw iae;
      }
      throw new IllegalArgumentException("image " + item + " cannot be decoded (" + bytes.length
          + " bytes starting " + head(bytes) + "): " + e.getMessage()
          + "; expected a valid PNG, JPEG, GIF or BMP file", e);
    }
  }

  /** The planes of an already decoded image ({@code format} is only for messages). */
  public static DecodedImage toPlanes(BufferedImage image, String format) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    boolean grayColourSpace = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (raster.getNumBands() <= 2 && grayColourSpace
        && !(image.getColorModel() instanceof IndexColorModel)) {
      // Gray (and gray + alpha): band 0 holds the stored values; scale 1/2/4/8/16-bit to 0..255.
      int bits = image.getColorModel().getComponentSize(0);
      float scale = 255f / ((1 << bits) - 1);
      float[] gray = new float[w * h];
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          gray[y * w + x] = bits == 8 ? row[x] : row[x] * scale;
        }
      }
      return new DecodedImage(w, h, new float[][] {gray}, format);
    }
    float[] r = new float[w * h];
    float[] g = new float[w * h];
    float[] b = new float[w * h];
    int[] argb = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, argb, 0, w);
      for (int x = 0; x < w; x++) {
        int p = argb[x];
        r[y * w + x] = (p >> 16) & 0xff;
        g[y * w + x] = (p >> 8) & 0xff;
        b[y * w + x] = p & 0xff;
      }
    }
    return new DecodedImage(w, h, new float[][] {r, g, b}, format);
  }

  private static String head(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(8, bytes.length); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
    }
    return sb.toString();
  }
}
