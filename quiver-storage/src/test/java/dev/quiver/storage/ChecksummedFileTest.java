package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {

  static final int MAGIC = 0x54455354;

  static void write(Path file) throws IOException {
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(file, MAGIC, 2)) {
      w.writeLong(42);
      w.writeString("héllo");
      w.writeFloats(new float[] {1.5f, -2f, 3.25f});
      w.writeBoolean(true);
      w.writeBytes(new byte[300]);
      w.commit();
    }
  }

  /** Reads everything, verifies the footer, and only then checks the values (as callers must). */
  static void read(Path file) throws IOException {
    try (ChecksummedFileReader r = ChecksummedFileReader.open(file, MAGIC, 2)) {
      r.section("the body");
      long l = r.readLong();
      String s = r.readString();
      float[] f = r.readFloats();
      boolean b = r.readBoolean();
      byte[] bytes = r.readBytes();
      r.verifyFooter();
      assertEquals(2, r.version());
      assertEquals(42, l);
      assertEquals("héllo", s);
      assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, f);
      assertTrue(b);
      assertEquals(300, bytes.length);
    }
  }

  @Test
  void roundTripAndAtomicity(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file);
    read(file);
    try (ChecksummedFileWriter w = ChecksummedFileWriter.create(dir.resolve("g.bin"), MAGIC, 1)) {
      w.writeInt(1); // never committed
    }
    assertFalse(Files.exists(dir.resolve("g.bin")));
    assertFalse(Files.exists(dir.resolve("g.bin.tmp")));
  }

  @Test
  void truncationFlipsAndOtherFilesAreRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    write(file);
    byte[] good = Files.readAllBytes(file);
    Path bad = dir.resolve("bad.bin");
    for (int len = 0; len < good.length; len += (len < 20 || len > good.length - 20) ? 1 : 37) {
      Files.write(bad, Arrays.copyOf(good, len));
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> read(bad), "length " + len);
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 60; i++) {
      byte[] b = good.clone();
      b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, b);
      assertThrows(IOException.class, () -> read(bad));
    }
    Files.write(bad, Arrays.copyOf(good, good.length + 1));
    assertTrue(assertThrows(CorruptFileException.class, () -> read(bad)).getMessage().contains("after the footer"));
    CorruptFileException e = assertThrows(CorruptFileException.class,
        () -> ChecksummedFileReader.open(file, 0x12345678, 2));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> ChecksummedFileReader.open(file, MAGIC, 1));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }
}
