package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {

  static final int MAGIC = 0x54455354;
  static final float[] SMALL = {1.5f, -2f, 3.25f, Float.NaN, -0f, Float.MIN_VALUE};
  /** Spans several 64 KiB buffers, so the bulk paths cross buffer boundaries. */
  static final float[] BIG = new float[100_003];
  static final byte[] BYTES = new byte[70_001];

  static {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < BIG.length; i++) {
      BIG[i] = (float) r.nextGaussian();
    }
    r.nextBytes(BYTES);
  }

  static void write(Path file, boolean big) throws IOException {
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(file, MAGIC, 2)) {
      w.writeLong(42);
      w.writeInt(-7);
      w.writeString("héllo, 世界");
      w.writeFloats(SMALL);
      w.writeBoolean(true);
      w.writeByte(200);
      w.writeFloat(0.1f);
      w.writeFloats(big ? BIG : new float[0]);
      w.writeBytes(big ? BYTES : new byte[] {9, 8, 7});
      w.writeString("");
      w.commit();
    }
  }

  /** Reads everything, verifies the footer, and only then checks the values (as callers must). */
  static void read(Path file, boolean big) throws IOException {
    try (ChecksummedFileReader r = ChecksummedFileReader.open(file, MAGIC, 2)) {
      r.section("the numbers");
      long l = r.readLong();
      int i = r.readInt();
      String s = r.readString();
      float[] f = r.readFloats();
      r.section("the flags");
      boolean b = r.readBoolean();
      int by = r.readByte();
      float one = r.readFloat();
      r.section("the arrays");
      float[] bigFloats = r.readFloats();
      byte[] bytes = r.readBytes();
      String empty = r.readString();
      r.verifyFooter();
      assertEquals(2, r.version());
      assertEquals(42, l);
      assertEquals(-7, i);
      assertEquals("héllo, 世界", s);
      assertArrayEquals(SMALL, f);
      assertTrue(b);
      assertEquals(200, by);
      assertEquals(0.1f, one);
      assertArrayEquals(big ? BIG : new float[0], bigFloats);
      assertArrayEquals(big ? BYTES : new byte[] {9, 8, 7}, bytes);
      assertEquals("", empty);
    }
  }

  @Test
  void roundTripAndAtomicReplacement(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file, true);
    read(file, true);
    write(file, false); // replaces the committed file
    read(file, false);
    assertFalse(Files.exists(dir.resolve("f.bin.tmp")));

    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(dir.resolve("g.bin"), MAGIC, 1)) {
      w.writeInt(1); // never committed
      assertTrue(Files.exists(dir.resolve("g.bin.tmp")));
    }
    assertFalse(Files.exists(dir.resolve("g.bin")));
    assertFalse(Files.exists(dir.resolve("g.bin.tmp")));

    // an older version is accepted and reported
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(file, MAGIC, 1)) {
      w.writeInt(5);
      w.commit();
      assertThrows(IllegalStateException.class, () -> w.writeInt(6));
    }
    try (ChecksummedFileReader r = ChecksummedFileReader.open(file, MAGIC, 2)) {
      assertEquals(1, r.version());
      assertEquals(5, r.readInt());
      r.verifyFooter();
    }
  }

  @Test
  void everyTruncationIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file, false);
    byte[] good = Files.readAllBytes(file);
    Path bad = dir.resolve("bad.bin");
    for (int len = 0; len < good.length; len++) { // the small file: every length
      Files.write(bad, Arrays.copyOf(good, len));
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> read(bad, false), "length " + len);
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      if (len < 8) {
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("the header"), e.getMessage());
      }
    }
    Files.write(bad, Arrays.copyOf(good, 40));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> read(bad, false));
    assertTrue(e.getMessage().contains("ends at byte 40") && e.getMessage().contains("the numbers"), e.getMessage());

    write(file, true); // the big one: a sample, including the first and last 20 lengths
    good = Files.readAllBytes(file);
    for (int len = 0; len < good.length; len += (len < 20 || len > good.length - 21) ? 1 : 4099) {
      Files.write(bad, Arrays.copyOf(good, len));
      assertThrows(CorruptFileException.class, () -> read(bad, true), "length " + len);
    }
  }

  @Test
  void everyFlippedBitAndTrailingByteIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file, false);
    byte[] good = Files.readAllBytes(file);
    Path bad = dir.resolve("bad.bin");
    SplittableRandom rnd = new SplittableRandom(3);
    for (int offset = 0; offset < good.length; offset++) { // every byte, a random bit of each
      byte[] b = good.clone();
      b[offset] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, b);
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> read(bad, false), "flip at " + offset);
      assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("byte"), e.getMessage());
    }
    // the checksum itself
    byte[] b = good.clone();
    b[b.length - 1] ^= 1;
    Files.write(bad, b);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> read(bad, false));
    assertTrue(e.getMessage().contains("fails its checksum") && e.getMessage().contains("the footer"), e.getMessage());

    Files.write(bad, Arrays.copyOf(good, good.length + 1));
    e = assertThrows(CorruptFileException.class, () -> read(bad, false));
    assertTrue(e.getMessage().contains("1 unexpected bytes after the footer"), e.getMessage());
  }

  @Test
  void otherFilesAndImpossibleCountsAreRefusedByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file, false);
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> ChecksummedFileReader.open(file, 0x12345678, 2));
    assertTrue(e.getMessage().contains("magic 0x54455354, expected 0x12345678")
        && e.getMessage().contains(file.toString()), e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> ChecksummedFileReader.open(file, MAGIC, 1));
    assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("versions 1 to 1"), e.getMessage());

    // a damaged count must fail cleanly, not allocate 8 GiB
    Path huge = dir.resolve("huge.bin");
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(huge, MAGIC, 1)) {
      w.writeInt(Integer.MAX_VALUE);
      w.commit();
    }
    try (ChecksummedFileReader r = ChecksummedFileReader.open(huge, MAGIC, 1)) {
      r.section("the vectors");
      e = assertThrows(CorruptFileException.class, r::readFloats);
      assertTrue(e.getMessage().contains("count of " + Integer.MAX_VALUE) && e.getMessage().contains("at byte 8")
          && e.getMessage().contains("the vectors"), e.getMessage());
    }
  }

  @Test
  void theFooterIsWhereTheDocumentedFormatSaysItIs(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(file, MAGIC, 3)) {
      w.writeFloats(new float[] {1f});
      w.commit();
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    assertEquals(4 + 4 + 4 + 4 + 4 + 8, b.capacity());
    assertEquals(MAGIC, b.getInt(0));
    assertEquals(3, b.getInt(4));
    assertEquals(1, b.getInt(8));
    assertEquals(1f, b.getFloat(12));
    assertEquals(0x51464F54, b.getInt(16));
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b.array(), 0, 20);
    assertEquals(crc.getValue(), b.getLong(20));
  }
}
