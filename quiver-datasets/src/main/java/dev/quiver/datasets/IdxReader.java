package dev.quiver.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, gzipped or not (detected from the content,
 * not the name).
 *
 * <p>Format: a big-endian int32 magic ({@code 0x00000803} for images: unsigned bytes, 3 dimensions;
 * {@code 0x00000801} for labels: unsigned bytes, 1 dimension), then one big-endian int32 per
 * dimension (count, then rows and columns for images), then the unsigned bytes in row-major order.
 */
public final class IdxReader {

  /** Magic of an IDX file of unsigned bytes with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic of an IDX file of unsigned bytes with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /**
   * Reads an image file: one row per image, {@code rows × columns} pixels in row-major order
   * (784 for 28×28), as floats 0..255.
   */
  public static float[][] readImages(Path file) {
    byte[] bytes = readAll(file);
    checkMagic(file, bytes, IMAGES_MAGIC, "images");
    if (bytes.length < 16) {
      throw new IllegalArgumentException("IDX file " + file + " is truncated: " + bytes.length
          + " bytes, an image header needs 16");
    }
    int count = intAt(bytes, 4);
    int rows = intAt(bytes, 8);
    int columns = intAt(bytes, 12);
    if (count < 0 || rows <= 0 || columns <= 0) {
      throw new IllegalArgumentException("IDX file " + file + " has invalid sizes: " + count + " images of "
          + rows + "×" + columns + " pixels");
    }
    int pixels = Math.multiplyExact(rows, columns);
    checkLength(file, bytes, 16, (long) count * pixels, count + " images of " + rows + "×" + columns);
    float[][] images = new float[count][pixels];
    int offset = 16;
    for (float[] image : images) {
      for (int p = 0; p < pixels; p++) {
        image[p] = bytes[offset + p] & 0xFF;
      }
      offset += pixels;
    }
    return images;
  }

  /** Reads a label file: one unsigned byte per item, as an int 0..255. */
  public static int[] readLabels(Path file) {
    byte[] bytes = readAll(file);
    checkMagic(file, bytes, LABELS_MAGIC, "labels");
    if (bytes.length < 8) {
      throw new IllegalArgumentException("IDX file " + file + " is truncated: " + bytes.length
          + " bytes, a label header needs 8");
    }
    int count = intAt(bytes, 4);
    if (count < 0) {
      throw new IllegalArgumentException("IDX file " + file + " has an invalid label count: " + count);
    }
    checkLength(file, bytes, 8, count, count + " labels");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes[8 + i] & 0xFF;
    }
    return labels;
  }

  private static void checkMagic(Path file, byte[] bytes, int expected, String kind) {
    if (bytes.length < 4) {
      throw new IllegalArgumentException("IDX file " + file + " is truncated: " + bytes.length
          + " bytes, no magic number");
    }
    int magic = intAt(bytes, 0);
    if (magic != expected) {
      throw new IllegalArgumentException(String.format(
          "IDX file %s has magic 0x%08X, expected 0x%08X (%s)", file, magic, expected, kind));
    }
  }

  private static void checkLength(Path file, byte[] bytes, int header, long payload, String what) {
    long expected = header + payload;
    if (bytes.length != expected) {
      throw new IllegalArgumentException("IDX file " + file + " has " + bytes.length + " bytes, expected "
          + expected + " for " + what + (bytes.length < expected ? " (truncated)" : " (trailing data)"));
    }
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  /** The whole (decompressed) content. Gzip is recognised by its magic bytes 1f 8b. */
  static byte[] readAll(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f & raw.read() == 0x8b;
      raw.reset();
      if (!gzip) {
        return raw.readAllBytes();
      }
      try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
        return in.readAllBytes();
      }
    } catch (NoSuchFileException e) {
      throw new DataNotFoundException("IDX file " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX file " + file + ": " + e.getMessage(), e);
    }
  }
}
