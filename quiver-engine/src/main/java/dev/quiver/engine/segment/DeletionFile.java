package dev.quiver.engine.segment;

import dev.quiver.core.index.FixedBitSet;
import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A sealed segment's deleted ordinals as of one commit (Lucene's live-docs file, inverted):
 * {@code seg-<n>/deleted-<generation, 20 digits>}. A delete never rewrites a segment; the next
 * manifest names a new generation of this small file instead (format: docs/storage-format.md,
 * "Deletion file").
 */
public final class DeletionFile {

  static final int MAGIC = 0x5156444C; // "QVDL"
  static final int VERSION = 1;

  private DeletionFile() {}

  public static String fileName(long generation) {
    return "deleted-" + String.format("%020d", generation);
  }

  /** Writes {@code deleted} (length = the segment's ordinals) durably as {@code generation}. */
  public static Path write(Path segmentDir, int segment, long generation, FixedBitSet deleted) throws IOException {
    Path file = segmentDir.resolve(fileName(generation));
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeInt(segment);
      out.writeLong(generation);
      out.writeInt(deleted.length());
      out.writeInt(deleted.cardinality());
      long word = 0;
      int n = deleted.length();
      for (int ord = 0; ord < n; ord++) {
        if (deleted.get(ord)) {
          word |= 1L << (ord & 63);
        }
        if ((ord & 63) == 63 || ord == n - 1) {
          out.writeLong(word);
          word = 0;
        }
      }
      out.commit();
    }
    return file;
  }

  /**
   * Reads a deletion file, checking that it belongs to {@code segment}, has {@code generation}, covers
   * {@code points} ordinals and holds {@code expectedDeleted} of them (the manifest's figures).
   */
  public static FixedBitSet read(Path segmentDir, int segment, long generation, int points, int expectedDeleted)
      throws IOException {
    Path file = segmentDir.resolve(fileName(generation));
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the header");
      int seg = in.readInt();
      long gen = in.readLong();
      int length = in.readInt();
      int count = in.readInt();
      in.section("the bitset");
      if (length != points) {
        throw new CorruptFileException(file + " covers " + length + " ordinals (offset 20), but the manifest's"
            + " segment " + segment + " has " + points);
      }
      FixedBitSet bits = new FixedBitSet(length);
      int words = (length + 63) >>> 6;
      for (int w = 0; w < words; w++) {
        long word = in.readLong();
        if (w == words - 1 && (length & 63) != 0 && (word >>> (length & 63)) != 0) {
          throw new CorruptFileException(file + ": bits set beyond ordinal " + length + " in the word at offset "
              + (in.position() - 8));
        }
        for (long rest = word; rest != 0; rest &= rest - 1) {
          bits.set((w << 6) + Long.numberOfTrailingZeros(rest));
        }
      }
      in.verifyFooter();
      if (seg != segment || gen != generation) {
        throw new CorruptFileException(file + " belongs to segment " + seg + " generation " + gen + ", expected segment "
            + segment + " generation " + generation);
      }
      if (bits.cardinality() != count || count != expectedDeleted) {
        throw new CorruptFileException(file + " has " + bits.cardinality() + " deleted ordinals (header says " + count
            + ", manifest " + expectedDeleted + ")");
      }
      return bits;
    }
  }
}
