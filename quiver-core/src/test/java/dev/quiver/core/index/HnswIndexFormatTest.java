package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.Dataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexFormatTest {

  private static HnswIndex index;
  private static Dataset data;

  @BeforeAll
  static void build() {
    data = TestData.clustered().withBase(2_000).withQueries(30);
    index = new HnswIndex(384, Metric.COSINE, HnswConfig.defaults().withM(8).withEfSearch(40));
    index.addAll(data.base(), 2);
    index.delete(17);
    index.delete(1999);
  }

  @Test
  void roundTripGivesIdenticalResults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("index.qvh");
    index.save(file);
    HnswIndex loaded = HnswIndex.load(file);
    assertEquals(index.size(), loaded.size());
    assertEquals(index.liveCount(), loaded.liveCount());
    assertEquals(index.config(), loaded.config());
    assertEquals(index.metric(), loaded.metric());
    assertTrue(loaded.isDeleted(17) && loaded.isDeleted(1999));
    for (float[] q : data.queries()) {
      assertEquals(index.search(q, 10), loaded.search(q, 10));
      assertEquals(index.search(q, 5, 200, null), loaded.search(q, 5, 200, null));
    }
    // the loaded index keeps working: inserts after a load land in the graph
    int ord = loaded.add(data.queries()[0]);
    assertEquals(ord, loaded.search(data.queries()[0], 1).ords()[0]);
    // saving the loaded index reproduces the file byte for byte (minus the new point)
    Path again = dir.resolve("again.qvh");
    HnswIndex.load(file).save(again);
    assertTrue(Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(again)));
  }

  @Test
  void emptyIndexRoundTrips(@TempDir Path dir) throws IOException {
    HnswIndex empty = new HnswIndex(7, Metric.DOT, HnswConfig.defaults());
    empty.save(dir.resolve("empty.qvh"));
    HnswIndex loaded = HnswIndex.load(dir.resolve("empty.qvh"));
    assertEquals(0, loaded.size());
    assertEquals(Metric.DOT, loaded.metric());
    assertEquals(0, loaded.search(new float[7], 3).size());
  }

  @Test
  void everyFlippedByteIsDetected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("index.qvh");
    index.save(file);
    byte[] original = Files.readAllBytes(file);
    SplittableRandom rnd = new SplittableRandom(11);
    // the header, a sample across the body, and the footer
    int[] offsets = new int[80];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = i < 60 ? i : (i < 70 ? rnd.nextInt(original.length) : original.length - 1 - (i - 70));
    }
    for (int offset : offsets) {
      byte[] bytes = original.clone();
      bytes[offset] ^= (byte) (1 << rnd.nextInt(8));
      Path bad = dir.resolve("flipped.qvh");
      Files.write(bad, bytes);
      CorruptIndexException e =
          assertThrows(CorruptIndexException.class, () -> HnswIndex.load(bad), "flip at " + offset);
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
  }

  @Test
  void truncationAndTrailingBytesAreDetected(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("index.qvh");
    index.save(file);
    byte[] original = Files.readAllBytes(file);
    SplittableRandom rnd = new SplittableRandom(5);
    for (int trial = 0; trial < 40; trial++) {
      int length = trial < 20 ? trial : (trial < 30 ? rnd.nextInt(original.length) : original.length - (trial - 29));
      Path bad = dir.resolve("truncated.qvh");
      Files.write(bad, Arrays.copyOf(original, length));
      CorruptIndexException e =
          assertThrows(CorruptIndexException.class, () -> HnswIndex.load(bad), "length " + length);
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
    Path longer = dir.resolve("longer.qvh");
    Files.write(longer, Arrays.copyOf(original, original.length + 3));
    CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> HnswIndex.load(longer));
    assertTrue(e.getMessage().contains("unexpected bytes"), e.getMessage());
  }

  @Test
  void otherFilesAreRefusedWithAClearMessage(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "these are not the vectors you are looking for");
    CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> HnswIndex.load(text));
    assertTrue(e.getMessage().contains("is not a Quiver HNSW index"), e.getMessage());
    Path future = dir.resolve("future.qvh");
    Files.write(future, ByteBuffer.allocate(8).putInt(HnswIndexFormat.MAGIC).putInt(99).array());
    e = assertThrows(CorruptIndexException.class, () -> HnswIndex.load(future));
    assertTrue(e.getMessage().contains("version 99"), e.getMessage());
  }
}
