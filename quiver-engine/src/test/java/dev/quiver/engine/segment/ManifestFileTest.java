package dev.quiver.engine.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.index.FixedBitSet;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest and deletion-file formats: round trips, golden bytes (a change to either format
 * must change its version and the documentation), and every truncation and many bit flips refused
 * with the file named.
 */
class ManifestFileTest {

  @TempDir
  Path dir;

  static Manifest sample() {
    Map<String, String> schema = new LinkedHashMap<>();
    schema.put("city", "KEYWORD");
    schema.put("body", "TEXT");
    return new Manifest(7, 12_345, 4, schema, List.of(
        new Manifest.SegmentEntry(0, 1000, 3, 12, 1, 4000),
        new Manifest.SegmentEntry(3, 250, 0, 0, 4001, 12_345)));
  }

  static FixedBitSet sampleDeleted() {
    FixedBitSet b = new FixedBitSet(130);
    for (int ord : new int[] {0, 1, 63, 64, 65, 127, 129}) {
      b.set(ord);
    }
    return b;
  }

  @Test
  void manifestRoundTripsAndTheNewestWins() throws IOException {
    assertNull(ManifestFile.readNewest(dir));
    ManifestFile.write(dir, Manifest.empty());
    ManifestFile.write(dir, sample());
    assertEquals(sample(), ManifestFile.read(dir.resolve(ManifestFile.fileName(7))));
    assertEquals(sample(), ManifestFile.readNewest(dir));
    assertEquals(List.of("manifest-00000000000000000001", "manifest-00000000000000000007"),
        ManifestFile.list(dir).stream().map(p -> p.getFileName().toString()).toList());
    Files.writeString(dir.resolve("manifest-00000000000000000009.tmp"), "torn");
    assertEquals(sample(), ManifestFile.readNewest(dir), "a temporary file is never a manifest");
  }

  @Test
  void deletionFileRoundTrips() throws IOException {
    FixedBitSet b = sampleDeleted();
    DeletionFile.write(dir, 5, 2, b);
    assertEquals(b, DeletionFile.read(dir, 5, 2, 130, 7));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> DeletionFile.read(dir, 6, 2, 130, 7));
    assertTrue(e.getMessage().contains("segment 5"), e::getMessage);
    assertThrows(CorruptFileException.class, () -> DeletionFile.read(dir, 5, 2, 131, 7));
    assertThrows(CorruptFileException.class, () -> DeletionFile.read(dir, 5, 2, 130, 8));
    FixedBitSet none = new FixedBitSet(0);
    DeletionFile.write(dir, 1, 1, none);
    assertEquals(none, DeletionFile.read(dir, 1, 1, 0, 0));
  }

  @Test
  void goldenFilesPinTheFormats() throws IOException {
    Path m = ManifestFile.write(dir, sample());
    Path d = DeletionFile.write(dir, 5, 2, sampleDeleted());
    assertGolden("manifest-v1.bin", Files.readAllBytes(m));
    assertGolden("deleted-v1.bin", Files.readAllBytes(d));
    // and files written by an earlier build still read
    Path old = dir.resolve("old");
    Files.createDirectories(old);
    Files.write(old.resolve(ManifestFile.fileName(7)), golden("manifest-v1.bin"));
    Files.write(old.resolve(DeletionFile.fileName(2)), golden("deleted-v1.bin"));
    assertEquals(sample(), ManifestFile.readNewest(old));
    assertEquals(sampleDeleted(), DeletionFile.read(old, 5, 2, 130, 7));
  }

  @Test
  void everyTruncationAndBitFlipIsRefusedNamingTheFile() throws IOException {
    Path m = ManifestFile.write(dir, sample());
    Path d = DeletionFile.write(dir, 5, 2, sampleDeleted());
    damage(m, () -> ManifestFile.read(m));
    damage(d, () -> DeletionFile.read(dir, 5, 2, 130, 7));
  }

  @Test
  void strayNamesAreErrorsNotSkipped() throws IOException {
    ManifestFile.write(dir, sample());
    Files.writeString(dir.resolve("manifest-abc"), "x");
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> ManifestFile.readNewest(dir));
    assertTrue(e.getMessage().contains("manifest-abc") && e.getMessage().contains("20 digits"), e::getMessage);
    Files.delete(dir.resolve("manifest-abc"));
    Path renamed = dir.resolve(ManifestFile.fileName(8));
    Files.copy(dir.resolve(ManifestFile.fileName(7)), renamed);
    e = assertThrows(CorruptFileException.class, () -> ManifestFile.readNewest(dir));
    assertTrue(e.getMessage().contains("named for 8"), e::getMessage);
  }

  interface Reader {
    Object read() throws IOException;
  }

  private static void damage(Path file, Reader reader) throws IOException {
    byte[] good = Files.readAllBytes(file);
    try {
      for (int len = 0; len < good.length; len++) {
        Files.write(file, java.util.Arrays.copyOf(good, len));
        assertRefused(file, reader, "truncated to " + len);
      }
      Random rnd = new Random(3);
      for (int t = 0; t < 300; t++) {
        byte[] bad = good.clone();
        int at = rnd.nextInt(bad.length);
        bad[at] ^= (byte) (1 << rnd.nextInt(8));
        Files.write(file, bad);
        assertRefused(file, reader, "bit flipped at " + at);
      }
      byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
      Files.write(file, longer);
      assertRefused(file, reader, "a byte appended");
    } finally {
      Files.write(file, good);
    }
  }

  private static void assertRefused(Path file, Reader reader, String what) {
    CorruptFileException e = assertThrows(CorruptFileException.class, reader::read, what);
    assertTrue(e.getMessage().contains(file.getFileName().toString()), () -> what + ": " + e.getMessage());
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = ManifestFileTest.class.getResourceAsStream("/golden/" + name)) {
      assertFalse(in == null, "missing golden file " + name + "; run with -Dquiver.golden.write=<dir>");
      return in.readAllBytes();
    }
  }

  private static void assertGolden(String name, byte[] actual) throws IOException {
    String writeTo = System.getProperty("quiver.golden.write");
    if (writeTo != null) {
      Files.write(Path.of(writeTo).resolve(name), actual);
      return;
    }
    assertArrayEquals(golden(name), actual, name + " changed: a format change needs a new version and docs");
  }
}
