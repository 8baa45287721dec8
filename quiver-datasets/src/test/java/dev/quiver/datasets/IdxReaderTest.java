package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir
  Path dir;

  /** Two 2×3 images with pixel values chosen to exercise the unsigned conversion. */
  private static byte[] tinyImages() {
    ByteBuffer b = ByteBuffer.allocate(16 + 12); // big-endian by default, as IDX is
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(2).putInt(2).putInt(3);
    b.put(new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255});
    b.put(new byte[] {10, 20, 30, 40, 50, 60});
    return b.array();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void readsPlainAndGzippedImages() throws IOException {
    Path plain = Files.write(dir.resolve("images-idx3-ubyte"), tinyImages());
    Path gz = Files.write(dir.resolve("images-idx3-ubyte.gz"), gzip(tinyImages()));
    for (Path file : new Path[] {plain, gz}) {
      float[][] images = IdxReader.readImages(file);
      assertEquals(2, images.length);
      assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, images[0]);
      assertArrayEquals(new float[] {10, 20, 30, 40, 50, 60}, images[1]);
    }
  }

  @Test
  void readsLabels() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 3).putInt(IdxReader.LABELS_MAGIC).putInt(3);
    b.put(new byte[] {9, 0, (byte) 250});
    Path file = Files.write(dir.resolve("labels.gz"), gzip(b.array()));
    assertArrayEquals(new int[] {9, 0, 250}, IdxReader.readLabels(file));
  }

  @Test
  void wrongMagicNamesTheFile() throws IOException {
    Path file = Files.write(dir.resolve("labels-as-images"), tinyImages());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("0x00000803") && e.getMessage().contains("0x00000801"), e.getMessage());
  }

  @Test
  void truncatedAndOversizedFilesAreRejected() throws IOException {
    byte[] bytes = tinyImages();
    Path truncated = Files.write(dir.resolve("truncated"), Arrays.copyOf(bytes, bytes.length - 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(truncated));
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()), e.getMessage());

    Path longer = Files.write(dir.resolve("longer"), Arrays.copyOf(bytes, bytes.length + 5));
    e = assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(longer));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());

    Path headerOnly = Files.write(dir.resolve("header-only"), Arrays.copyOf(bytes, 6));
    assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(headerOnly));
  }

  @Test
  void missingFileIsADataNotFoundException() {
    Path missing = dir.resolve("nope.gz");
    DataNotFoundException e = assertThrows(DataNotFoundException.class, () -> IdxReader.readImages(missing));
    assertTrue(e.getMessage().contains(missing.toString()));
  }
}
