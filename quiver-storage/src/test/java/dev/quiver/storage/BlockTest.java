package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockTest {

  @TempDir
  Path dir;

  @Test
  void valuesRoundTripAndDamageIsNamed() throws IOException {
    int[] ints = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE};
    long[] longs = {0, 1L << 35, Long.MAX_VALUE};
    Path file = dir.resolve("blocks");
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, 0x12345678, 1)) {
      BlockWriter b = new BlockWriter();
      for (int v : ints) {
        b.writeVarint(v);
      }
      for (long v : longs) {
        b.writeVarLong(v);
        b.writeLong(-v);
      }
      b.writeString("héllo");
      b.writeByte(255);
      assertEquals(1 + 1 + 1 + 2 + 2 + 3 + 5 + (1 + 8) + (6 + 8) + (9 + 8) + 1 + 6 + 1, b.size());
      b.writeTo(out);
      assertEquals(0, b.size());
      b.writeByte(0x80); // a varint that runs past its block
      b.writeTo(out);
      for (int i = 0; i < 10; i++) {
        b.writeByte(0xFF); // a varint too long for a long
      }
      b.writeTo(out);
      b.writeVarLong(1L << 40); // a long where an int belongs
      b.writeTo(out);
      out.commit();
    }
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, 0x12345678, 1)) {
      BlockReader b = BlockReader.read(in);
      assertEquals(12, b.position());
      for (int v : ints) {
        assertEquals(v, b.readVarint());
      }
      for (long v : longs) {
        assertEquals(v, b.readVarLong());
        assertEquals(-v, b.readLong());
      }
      assertEquals("héllo", b.readString());
      assertEquals(255, b.readByte());
      b.expectEnd();
      BlockReader past = BlockReader.read(in);
      CorruptFileException e = assertThrows(CorruptFileException.class, past::readVarint);
      assertTrue(e.getMessage().contains("blocks") && e.getMessage().contains("past the end"), e::getMessage);
      assertThrows(CorruptFileException.class, BlockReader.read(in)::readVarLong);
      BlockReader wide = BlockReader.read(in);
      e = assertThrows(CorruptFileException.class, wide::readVarint);
      assertTrue(e.getMessage().contains("where an int belongs"), e::getMessage);
      in.verifyFooter();
    }
    assertThrows(IllegalArgumentException.class, () -> new BlockWriter().writeVarint(-1));
    BlockWriter words = new BlockWriter();
    words.writeLong(1);
    words.writeLong(-2);
    Path f2 = dir.resolve("words");
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(f2, 1, 1)) {
      words.writeTo(out);
      out.commit();
    }
    try (ChecksummedFileReader in = ChecksummedFileReader.open(f2, 1, 1)) {
      BlockReader b = BlockReader.read(in);
      assertArrayEquals(new long[] {1, -2}, b.readLongs(2));
      assertThrows(CorruptFileException.class, () -> b.readLongs(1));
    }
  }
}
