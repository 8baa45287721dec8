package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version-2 (mapped) index file: pinned by a golden file, read back by {@link HnswIndex#load}
 * and {@link MappedHnswIndex#open}, and refused whole when damaged. Also pins the version-1 reader,
 * the upgrade path for checkpoints written before version 2.
 *
 * <p>To change the format on purpose: bump the version, run this class once with
 * {@code -Dquiver.golden.update=true} (it rewrites the resources under src/test/resources), and
 * commit the new files with the reader that still reads the old ones.
 */
class HnswFileFormatTest {

  @Test
  void savedFileMatchesTheGoldenFileByteForByte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("golden.qvh");
    GoldenIndex.build().save(file);
    byte[] written = Files.readAllBytes(file);
    updateIfAsked(GoldenIndex.V2_RESOURCE, written);
    byte[] golden = GoldenIndex.resource(GoldenIndex.V2_RESOURCE);
    assertEquals(golden.length, written.length, "file length");
    assertArrayEquals(golden, written, "the version-2 layout changed; see this class's comment");
  }

  @Test
  void versionOneFilesStillLoadAndUpgradeOnSave(@TempDir Path dir) throws IOException {
    // today's version-1 writer still produces the committed file ...
    Path v1 = dir.resolve("legacy.qvh");
    HnswIndex fresh = GoldenIndex.build();
    HnswIndexFormat.write(fresh, v1);
    updateIfAsked(GoldenIndex.V1_RESOURCE, Files.readAllBytes(v1));
    // ... and the committed file loads into the index it was written from
    Files.write(v1, GoldenIndex.resource(GoldenIndex.V1_RESOURCE));
    HnswIndex loaded = HnswIndex.load(v1);
    assertSameIndex(fresh, loaded);
    // saving it writes version 2: the golden bytes
    Path upgraded = dir.resolve("upgraded.qvh");
    loaded.save(upgraded);
    assertArrayEquals(GoldenIndex.resource(GoldenIndex.V2_RESOURCE), Files.readAllBytes(upgraded));
    // a version-1 file cannot be mapped, and the message says what to do
    CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> MappedHnswIndex.open(v1));
    assertTrue(e.getMessage().contains("version 1") && e.getMessage().contains("HnswIndex.load"), e.getMessage());
  }

  @Test
  void goldenFileLoadsAndMapsAsTheIndexItWasWrittenFrom(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("golden.qvh");
    Files.write(file, GoldenIndex.resource(GoldenIndex.V2_RESOURCE));
    HnswIndex fresh = GoldenIndex.build();
    assertSameIndex(fresh, HnswIndex.load(file));
    try (MappedHnswIndex mapped = MappedHnswIndex.open(file)) {
      assertEquals(fresh.size(), mapped.size());
      assertEquals(fresh.liveCount(), mapped.liveCount());
      assertEquals(fresh.config(), mapped.config());
      for (float[] q : GoldenIndex.queries()) {
        assertEquals(fresh.search(q, 5), mapped.search(q, 5));
        assertEquals(fresh.exactSearch(q, 7, null), mapped.exactSearch(q, 7, null));
      }
    }
  }

  @Test
  void everyFlippedByteIsRefused(@TempDir Path dir) throws IOException {
    byte[] original = GoldenIndex.resource(GoldenIndex.V2_RESOURCE);
    SplittableRandom rnd = new SplittableRandom(3);
    Path bad = dir.resolve("flipped.qvh");
    for (int offset = 0; offset < original.length; offset++) {
      byte[] bytes = original.clone();
      bytes[offset] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, bytes);
      assertRefused(bad, () -> MappedHnswIndex.open(bad).close(), "flip at " + offset);
      assertRefused(bad, () -> HnswIndex.load(bad), "flip at " + offset);
    }
  }

  @Test
  void everyTruncationAndTrailingBytesAreRefused(@TempDir Path dir) throws IOException {
    byte[] original = GoldenIndex.resource(GoldenIndex.V2_RESOURCE);
    Path bad = dir.resolve("truncated.qvh");
    for (int length = 0; length < original.length; length++) {
      Files.write(bad, Arrays.copyOf(original, length));
      int l = length;
      assertRefused(bad, () -> MappedHnswIndex.open(bad).close(), "length " + l);
      assertRefused(bad, () -> HnswIndex.load(bad), "length " + l);
    }
    Files.write(bad, Arrays.copyOf(original, original.length + 5));
    CorruptIndexException e = assertRefused(bad, () -> MappedHnswIndex.open(bad).close(), "5 extra bytes");
    assertTrue(e.getMessage().contains("5 unexpected bytes after the footer"), e.getMessage());
  }

  @Test
  void impossibleContentsBehindAValidChecksumAreRefused(@TempDir Path dir) throws IOException {
    byte[] original = GoldenIndex.resource(GoldenIndex.V2_RESOURCE);
    HnswFileLayout layout = layoutOf(original);
    // the first neighbour of ordinal 0 on level 0 points past the end; the checksum is made to match
    long at = layout.listsOffset(0) + 4;
    byte[] bytes = original.clone();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at, GoldenIndex.SIZE + 7);
    rechecksum(bytes);
    Path bad = dir.resolve("crafted.qvh");
    Files.write(bad, bytes);
    CorruptIndexException e = assertRefused(bad, () -> MappedHnswIndex.open(bad).close(), "bad neighbour");
    assertTrue(e.getMessage().contains("neighbour " + (GoldenIndex.SIZE + 7)), e.getMessage());
    assertTrue(e.getMessage().contains("at byte " + at + " "), e.getMessage());
    // a node level above the graph's top level
    bytes = original.clone();
    bytes[(int) layout.nodeLevelsOffset() + 9] = 30;
    rechecksum(bytes);
    Files.write(bad, bytes);
    e = assertRefused(bad, () -> MappedHnswIndex.open(bad).close(), "bad level");
    assertTrue(e.getMessage().contains("top level 30 of ordinal 9"), e.getMessage());
  }

  @Test
  void versionOneReaderStillRefusesDamage(@TempDir Path dir) throws IOException {
    byte[] original = GoldenIndex.resource(GoldenIndex.V1_RESOURCE);
    SplittableRandom rnd = new SplittableRandom(8);
    Path bad = dir.resolve("v1.qvh");
    for (int trial = 0; trial < 200; trial++) {
      byte[] bytes = original.clone();
      int offset = rnd.nextInt(bytes.length);
      bytes[offset] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, bytes);
      assertRefused(bad, () -> HnswIndex.load(bad), "v1 flip at " + offset);
      int length = rnd.nextInt(original.length);
      Files.write(bad, Arrays.copyOf(original, length));
      assertRefused(bad, () -> HnswIndex.load(bad), "v1 length " + length);
    }
  }

  @Test
  void emptyIndexMapsAndLoads(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty.qvh");
    new HnswIndex(3, dev.quiver.core.vector.Metric.COSINE, HnswConfig.defaults()).save(file);
    try (MappedHnswIndex mapped = MappedHnswIndex.open(file)) {
      assertEquals(0, mapped.size());
      assertEquals(0, mapped.search(new float[] {1, 2, 3}, 4).size());
      assertEquals(0, mapped.toMutable().size());
    }
    assertEquals(0, HnswIndex.load(file).size());
  }

  static HnswFileLayout layoutOf(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int size = b.getInt(28);
    int levels = b.getInt(44) + 1;
    long table = b.getLong(72);
    int[] counts = new int[levels];
    for (int l = 0; l < levels; l++) {
      counts[l] = b.getInt((int) table + l * HnswFileLayout.LEVEL_ENTRY_BYTES);
    }
    return new HnswFileLayout(size, b.getInt(12), b.getInt(16), counts);
  }

  static void rechecksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 8, crc.getValue());
  }

  static void assertSameIndex(HnswIndex expected, HnswIndex actual) {
    assertEquals(expected.size(), actual.size());
    assertEquals(expected.config(), actual.config());
    assertEquals(expected.metric(), actual.metric());
    for (int ord = 0; ord < expected.size(); ord++) {
      assertArrayEquals(expected.vector(ord), actual.vector(ord), "vector " + ord);
      assertEquals(expected.isDeleted(ord), actual.isDeleted(ord), "tombstone " + ord);
      HnswGraph.Node e = expected.graph.node(ord);
      HnswGraph.Node a = actual.graph.node(ord);
      assertEquals(e.topLevel(), a.topLevel(), "top level of " + ord);
      for (int l = 0; l <= e.topLevel(); l++) {
        HnswGraph.NeighborArray en = e.neighbors(l);
        HnswGraph.NeighborArray an = a.neighbors(l);
        assertArrayEquals(Arrays.copyOf(en.ords(), en.size()), Arrays.copyOf(an.ords(), an.size()),
            "neighbours of " + ord + " on level " + l);
        assertArrayEquals(Arrays.copyOf(en.scores(), en.size()), Arrays.copyOf(an.scores(), an.size()),
            "neighbour scores of " + ord + " on level " + l);
      }
    }
    assertEquals(expected.graph.entry(), actual.graph.entry());
    for (float[] q : GoldenIndex.queries()) {
      assertEquals(expected.search(q, 5), actual.search(q, 5));
    }
  }

  private static CorruptIndexException assertRefused(Path file, org.junit.jupiter.api.function.Executable open,
      String what) {
    CorruptIndexException e = assertThrows(CorruptIndexException.class, open, what);
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("at byte"), what + ": " + e.getMessage());
    return e;
  }

  private static void updateIfAsked(String resource, byte[] bytes) throws IOException {
    if (Boolean.getBoolean("quiver.golden.update")) {
      Path dir = Path.of(System.getProperty("user.dir"), "src/test/resources/dev/quiver/core/index");
      Files.createDirectories(dir);
      Files.write(dir.resolve(resource), bytes);
    }
  }
}
