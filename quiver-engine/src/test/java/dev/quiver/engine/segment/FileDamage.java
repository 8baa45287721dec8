package dev.quiver.engine.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Golden files and damage for the segment file tests: every truncation, every single-bit flip and
 * an appended byte must be refused with a {@link CorruptFileException} naming the file and a byte
 * offset. (CRC32C catches every single-bit error, so "every" is a guarantee, not a sample.)
 */
final class FileDamage {

  private static final Pattern OFFSET = Pattern.compile("at byte \\d+");

  private FileDamage() {}

  interface Reader {
    void read() throws IOException;
  }

  /** Reads the file at a path (each damaged copy is a file of its own). */
  interface PathReader {
    void read(Path file) throws IOException;
  }

  /**
   * Refuses every damaged copy of {@code file}. Each copy is written to a new file beside it and
   * deleted after: rewriting one file that earlier opens still map (until the collector unmaps
   * them) makes each truncation walk every live mapping, which made this test take minutes.
   */
  static void damageEverywhere(Path file, PathReader reader) throws IOException {
    byte[] good = Files.readAllBytes(file);
    int[] copies = {0};
    IoConsumer<byte[]> check = (bytes, what) -> {
      Path copy = file.resolveSibling(file.getFileName() + "-damaged-" + copies[0]++);
      Files.write(copy, bytes);
      try {
        assertRefused(copy, () -> reader.read(copy), what);
      } finally {
        Files.delete(copy);
      }
    };
    for (int len = 0; len < good.length; len++) {
      check.accept(Arrays.copyOf(good, len), "truncated to " + len + " bytes");
    }
    for (int at = 0; at < good.length; at++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[at] ^= (byte) (1 << bit);
        check.accept(bad, "bit " + bit + " of byte " + at + " flipped");
      }
    }
    check.accept(Arrays.copyOf(good, good.length + 1), "a byte appended");
    reader.read(file); // and the undamaged file still reads
  }

  private interface IoConsumer<T> {
    void accept(T value, String what) throws IOException;
  }

  static CorruptFileException assertRefused(Path file, Reader reader, String what) {
    CorruptFileException e = assertThrows(CorruptFileException.class, reader::read, what);
    String m = e.getMessage();
    assertTrue(m.contains(file.getFileName().toString()), () -> what + ": the message does not name the file: " + m);
    assertTrue(OFFSET.matcher(m).find(), () -> what + ": the message does not name an offset: " + m);
    return e;
  }

  static byte[] golden(String name) throws IOException {
    String writeTo = System.getProperty("quiver.golden.write");
    if (writeTo != null) { // regenerating: read back what was just written
      return Files.readAllBytes(Path.of(writeTo).resolve(name));
    }
    try (InputStream in = FileDamage.class.getResourceAsStream("/golden/" + name)) {
      assertFalse(in == null, "missing golden file " + name + "; run with -Dquiver.golden.write=<dir>");
      return in.readAllBytes();
    }
  }

  /** Compares with the committed golden file, or (with -Dquiver.golden.write=dir) writes it there. */
  static void assertGolden(String name, byte[] actual) throws IOException {
    String writeTo = System.getProperty("quiver.golden.write");
    if (writeTo != null) {
      Files.write(Path.of(writeTo).resolve(name), actual);
      return;
    }
    assertArrayEquals(golden(name), actual, name + " changed: a format change needs a new version and docs");
  }
}
