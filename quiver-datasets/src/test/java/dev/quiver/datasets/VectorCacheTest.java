package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorCacheTest {

  @TempDir
  Path dir;
  private String previous;

  @BeforeEach
  void useTempCache() {
    previous = System.getProperty(DataPaths.CACHE_DIR_PROPERTY);
    System.setProperty(DataPaths.CACHE_DIR_PROPERTY, dir.toString());
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(DataPaths.CACHE_DIR_PROPERTY);
    } else {
      System.setProperty(DataPaths.CACHE_DIR_PROPERTY, previous);
    }
  }

  @Test
  void floatsRoundTripAndComputeOnce() {
    float[][] data = ClusteredDataset.generate(3000, 0, 300, 3).base(); // > 1 MiB: crosses buffer refills
    AtomicInteger calls = new AtomicInteger();
    float[][] first = VectorCache.loadOrComputeFloats("floats-test", () -> {
      calls.incrementAndGet();
      return data;
    });
    float[][] second = VectorCache.loadOrComputeFloats("floats-test", () -> fail("should come from the cache"));
    assertEquals(1, calls.get());
    assertEquals(data.length, second.length);
    for (int i = 0; i < data.length; i++) {
      assertArrayEquals(data[i], first[i]);
      assertArrayEquals(data[i], second[i]);
    }
  }

  @Test
  void raggedIntsRoundTrip() {
    int[][] data = {{1, 2, 3}, {}, {Integer.MIN_VALUE, -1, Integer.MAX_VALUE, 7}};
    VectorCache.loadOrComputeInts("ragged", () -> data);
    int[][] back = VectorCache.loadOrComputeInts("ragged", () -> fail("should come from the cache"));
    assertEquals(data.length, back.length);
    for (int i = 0; i < data.length; i++) {
      assertArrayEquals(data[i], back[i]);
    }
    int[][] empty = VectorCache.loadOrComputeInts("empty", () -> new int[0][]);
    assertEquals(0, VectorCache.loadOrComputeInts("empty", () -> fail("cached")).length);
    assertEquals(0, empty.length);
  }

  @Test
  void bitFlipIsDetectedAndRecomputed() throws IOException {
    int[][] data = grid(100, 10);
    VectorCache.loadOrComputeInts("flip", () -> data);
    Path file = VectorCache.intsFile("flip");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(200);
      int b = raf.read();
      raf.seek(200);
      raf.write(b ^ 0x10);
    }
    assertThrows(VectorCache.CorruptCacheException.class, () -> VectorCache.readInts(file));
    AtomicInteger calls = new AtomicInteger();
    int[][] back = VectorCache.loadOrComputeInts("flip", () -> {
      calls.incrementAndGet();
      return data;
    });
    assertEquals(1, calls.get());
    assertArrayEquals(data[99], back[99]);
    assertArrayEquals(data[5], VectorCache.readInts(file)[5]); // rewritten and valid again
  }

  @Test
  void truncationIsDetectedAndRecomputed() throws IOException {
    int[][] data = grid(50, 4);
    VectorCache.loadOrComputeInts("cut", () -> data);
    Path file = VectorCache.intsFile("cut");
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {0, 3, 15, 40, bytes.length - 1}) {
      Files.write(file, java.util.Arrays.copyOf(bytes, length));
      AtomicInteger calls = new AtomicInteger();
      VectorCache.loadOrComputeInts("cut", () -> {
        calls.incrementAndGet();
        return data;
      });
      assertEquals(1, calls.get(), "recomputed after truncation to " + length);
    }
    // A float file is not accepted as an int file of the same key: different magic.
    VectorCache.writeFloats(file, new float[][] {{1f}});
    assertThrows(VectorCache.CorruptCacheException.class, () -> VectorCache.readInts(file));
  }

  @Test
  void unsafeKeysAreRejected() {
    for (String key : new String[] {"", "../x", "a/b", ".hidden", "a..b"}) {
      assertThrows(IllegalArgumentException.class, () -> VectorCache.loadOrComputeInts(key, () -> new int[0][]),
          key);
    }
  }

  private static int[][] grid(int rows, int cols) {
    int[][] out = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i][j] = i * 1000 + j;
      }
    }
    return out;
  }
}
