package dev.quiver.engine.segment;

import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code seg-<n>/id-order}: a sealed segment's ordinals sorted by point id, for id lookups (binary
 * search) and scrolls in id order without sorting at open. A checksummed file (magic "QVIO",
 * version 1): {@code int segment}, {@code int count}, then {@code count} ordinals ({@code int}), a
 * permutation of {@code [0, count)} (format: docs/storage-format.md).
 */
public final class IdOrderFile {

  static final int MAGIC = 0x5156494F; // "QVIO"
  static final int VERSION = 1;

  private IdOrderFile() {}

  /** Writes {@code order} durably (temporary file, fsync, rename). */
  public static void write(Path file, int segment, int[] order) throws IOException {
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeInt(segment);
      out.writeInt(order.length);
      for (int ord : order) {
        out.writeInt(ord);
      }
      out.commit();
    }
  }

  /**
   * Reads the order of segment {@code segment} holding {@code count} ordinals; anything else
   * (another segment, another count, an ordinal out of range or repeated, damage) is a
   * {@link dev.quiver.storage.CorruptFileException} naming the file and the byte offset.
   */
  public static int[] read(Path file, int segment, int count) throws IOException {
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the header");
      int stored = in.readInt();
      int n = in.readInt();
      if (stored != segment || n != count) {
        throw in.corrupt("is of segment " + stored + " with " + n + " ordinals; expected segment " + segment
            + " with " + count, 8);
      }
      in.section("the ordinals");
      int[] order = new int[n];
      boolean[] seen = new boolean[n];
      for (int i = 0; i < n; i++) {
        long at = in.position();
        int ord = in.readInt();
        if (ord < 0 || ord >= n || seen[ord]) {
          throw in.corrupt("has ordinal " + ord + (ord >= 0 && ord < n ? " twice" : " outside [0, " + n + ")"), at);
        }
        seen[ord] = true;
        order[i] = ord;
      }
      in.verifyFooter();
      return order;
    }
  }
}
