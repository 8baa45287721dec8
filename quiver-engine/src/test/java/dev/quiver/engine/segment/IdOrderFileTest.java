package dev.quiver.engine.segment;

import static dev.quiver.engine.segment.FileDamage.assertGolden;
import static dev.quiver.engine.segment.FileDamage.assertRefused;
import static dev.quiver.engine.segment.FileDamage.damageEverywhere;
import static dev.quiver.engine.segment.FileDamage.golden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sealed segment's id-order file: round trip, golden bytes, damage and bad permutations refused. */
class IdOrderFileTest {

  static final int[] ORDER = {3, 0, 4, 1, 2};

  @TempDir
  Path dir;

  @Test
  void roundTripsAndPinsTheFormat() throws IOException {
    Path file = dir.resolve("id-order");
    IdOrderFile.write(file, 7, ORDER);
    assertArrayEquals(ORDER, IdOrderFile.read(file, 7, 5));
    assertGolden("segment-id-order-v1.bin", Files.readAllBytes(file));
    Path old = dir.resolve("old");
    Files.write(old, golden("segment-id-order-v1.bin"));
    assertArrayEquals(ORDER, IdOrderFile.read(old, 7, 5));
    Path empty = dir.resolve("empty");
    IdOrderFile.write(empty, 1, new int[0]);
    assertArrayEquals(new int[0], IdOrderFile.read(empty, 1, 0));
  }

  @Test
  void everyTruncationAndBitFlipIsRefused() throws IOException {
    Path file = dir.resolve("id-order");
    IdOrderFile.write(file, 7, ORDER);
    damageEverywhere(file, f -> IdOrderFile.read(f, 7, 5));
  }

  @Test
  void anotherSegmentOrCountOrABadPermutationIsRefused() throws IOException {
    Path file = dir.resolve("id-order");
    IdOrderFile.write(file, 7, ORDER);
    CorruptFileException e = assertRefused(file, () -> IdOrderFile.read(file, 8, 5), "segment 8");
    assertTrue(e.getMessage().contains("segment 7 with 5 ordinals; expected segment 8"), e::getMessage);
    assertRefused(file, () -> IdOrderFile.read(file, 7, 6), "6 ordinals");
    Path twice = dir.resolve("twice");
    IdOrderFile.write(twice, 7, new int[] {0, 1, 1, 3, 4});
    e = assertRefused(twice, () -> IdOrderFile.read(twice, 7, 5), "a repeated ordinal");
    assertTrue(e.getMessage().contains("ordinal 1 twice"), e::getMessage);
    Path outside = dir.resolve("outside");
    IdOrderFile.write(outside, 7, new int[] {0, 1, 9, 3, 4});
    e = assertRefused(outside, () -> IdOrderFile.read(outside, 7, 5), "an ordinal out of range");
    assertTrue(e.getMessage().contains("ordinal 9 outside [0, 5)"), e::getMessage);
  }
}
