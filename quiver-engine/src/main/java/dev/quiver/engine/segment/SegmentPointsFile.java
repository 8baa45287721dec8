package dev.quiver.engine.segment;

import dev.quiver.engine.PointId;
import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

/**
 * A sealed segment's point ids and versions: {@code seg-<n>/points}, ordinal by ordinal, the id and
 * the LSN of the operation that wrote that version of the point (format: docs/storage-format.md,
 * "Sealed segment: points"). Open rebuilds the id map from these files, never from payloads.
 *
 * <p>Written with the storage module's checksummed-file primitive (temporary file, fsync, atomic
 * rename, folder fsync), so a file that exists is complete. Read into {@link Points}: primitive
 * arrays, about 16 bytes per point (24 when the segment holds UUIDs), not a {@code PointId} object
 * per point.
 */
public final class SegmentPointsFile {

  /** The file's name inside {@code seg-<n>/}. */
  public static final String FILE_NAME = "points";

  static final int MAGIC = 0x51565350; // "QVSP"
  static final int VERSION = 1;

  static final int TAG_NUM = 0;
  static final int TAG_UUID = 1;
  /** Bytes of the header fields after magic and version: segment, count. */
  private static final int HEADER_BYTES = 16;
  /** The smallest entry: a tag, a numeric id, an LSN. */
  private static final int MIN_ENTRY_BYTES = 1 + 8 + 8;

  private SegmentPointsFile() {}

  /**
   * Writes ordinals {@code 0..count-1} durably: ordinal {@code ord} has id {@code idOf.apply(ord)}
   * and version {@code lsnOf.applyAsLong(ord)} (an LSN, ≥ 0).
   *
   * @throws IllegalArgumentException naming the ordinal for a null id or a negative LSN (nothing is
   *     left behind)
   */
  public static void write(Path file, int segment, int count, IntFunction<PointId> idOf, IntToLongFunction lsnOf)
      throws IOException {
    if (segment < 0 || count < 0) {
      throw new IllegalArgumentException("segment " + segment + " and count " + count + " must be non-negative");
    }
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeInt(segment);
      out.writeInt(count);
      for (int ord = 0; ord < count; ord++) {
        PointId id = idOf.apply(ord);
        long lsn = lsnOf.applyAsLong(ord);
        if (id == null || lsn < 0) {
          throw new IllegalArgumentException("ordinal " + ord + " of segment " + segment + " has id " + id
              + " and LSN " + lsn + "; expected an id and an LSN ≥ 0");
        }
        switch (id) {
          case PointId.Num n -> {
            out.writeByte(TAG_NUM);
            out.writeLong(n.value());
          }
          case PointId.Uuid u -> {
            out.writeByte(TAG_UUID);
            out.writeLong(u.value().getMostSignificantBits());
            out.writeLong(u.value().getLeastSignificantBits());
          }
        }
        out.writeLong(lsn);
      }
      out.commit();
    }
  }

  /** As {@link #write(Path, int, int, IntFunction, IntToLongFunction)}, from a list and an array of equal length. */
  public static void write(Path file, int segment, List<PointId> ids, long[] lsns) throws IOException {
    if (ids.size() != lsns.length) {
      throw new IllegalArgumentException(ids.size() + " ids but " + lsns.length + " LSNs");
    }
    write(file, segment, ids.size(), ids::get, ord -> lsns[ord]);
  }

  /** Reads a points file, checking that it belongs to {@code expectedSegment}. */
  public static Points read(Path file, int expectedSegment) throws IOException {
    return read(file, expectedSegment, -1);
  }

  /**
   * Reads a points file, checking that it belongs to {@code expectedSegment} and holds
   * {@code expectedCount} ordinals (the manifest's figure; -1 accepts any count). Damage of any
   * kind is a {@link CorruptFileException} naming the file and the byte offset.
   */
  public static Points read(Path file, int expectedSegment, int expectedCount) throws IOException {
    long length = Files.size(file);
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the header");
      int segment = in.readInt();
      int count = in.readInt();
      long left = length - in.position();
      if (count < 0 || (long) count * MIN_ENTRY_BYTES > left) {
        throw in.corrupt("has a point count of " + count + " but only " + left + " bytes remain", 12);
      }
      in.section("the points");
      long[] ids = new long[count];
      long[] uuidLow = null; // both allocated at the first UUID
      long[] uuidBits = null;
      long[] lsns = new long[count];
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      int badOrd = -1;
      long badAt = -1;
      for (int ord = 0; ord < count; ord++) {
        long at = in.position();
        int tag = in.readByte();
        if (tag == TAG_NUM) {
          ids[ord] = in.readLong();
        } else if (tag == TAG_UUID) {
          if (uuidLow == null) {
            uuidLow = new long[count];
            uuidBits = new long[(count + 63) >>> 6];
          }
          uuidBits[ord >>> 6] |= 1L << ord;
          ids[ord] = in.readLong();
          uuidLow[ord] = in.readLong();
        } else {
          throw in.corrupt("has id tag " + tag + " for ordinal " + ord + " (expected " + TAG_NUM + " or "
              + TAG_UUID + ")", at);
        }
        long lsn = in.readLong();
        lsns[ord] = lsn;
        if (lsn < 0 && badOrd < 0) {
          badOrd = ord;
          badAt = in.position() - 8;
        }
        min = Math.min(min, lsn);
        max = Math.max(max, lsn);
      }
      in.verifyFooter();
      // Only now, with the checksum good, are the values worth judging.
      in.section("the header");
      if (segment != expectedSegment) {
        throw in.corrupt("belongs to segment " + segment + ", expected segment " + expectedSegment, 8);
      }
      if (expectedCount >= 0 && count != expectedCount) {
        throw in.corrupt("holds " + count + " points, expected " + expectedCount, 12);
      }
      if (badOrd >= 0) {
        in.section("the points");
        throw in.corrupt("has LSN " + lsns[badOrd] + " for ordinal " + badOrd + " (expected ≥ 0)", badAt);
      }
      return new Points(segment, ids, uuidLow, uuidBits, lsns, count == 0 ? 0 : min, count == 0 ? 0 : max);
    }
  }

  /**
   * The ids and versions of one segment's ordinals. Numeric ids and the high halves of UUIDs share
   * one {@code long[]}; a UUID's low half and a bitset of which ordinals are UUIDs exist only when
   * the segment holds UUIDs. Immutable and safe to share.
   */
  public static final class Points {
    private final int segment;
    private final long[] ids;
    private final long[] uuidLow;
    private final long[] uuidBits;
    private final long[] lsns;
    private final long minLsn;
    private final long maxLsn;

    Points(int segment, long[] ids, long[] uuidLow, long[] uuidBits, long[] lsns, long minLsn, long maxLsn) {
      this.segment = segment;
      this.ids = ids;
      this.uuidLow = uuidLow;
      this.uuidBits = uuidBits;
      this.lsns = lsns;
      this.minLsn = minLsn;
      this.maxLsn = maxLsn;
    }

    public int segment() {
      return segment;
    }

    /** Ordinals in the segment, live and deleted. */
    public int size() {
      return lsns.length;
    }

    public boolean isUuid(int ord) {
      return uuidBits != null && (uuidBits[ord >>> 6] & (1L << ord)) != 0;
    }

    /** The unsigned 64-bit number of a numeric id; for a UUID, its most significant bits. */
    public long idBits(int ord) {
      return ids[ord];
    }

    /** A UUID's least significant bits; 0 for a numeric id. */
    public long uuidLowBits(int ord) {
      return uuidLow == null ? 0 : uuidLow[ord];
    }

    /** The id of {@code ord}, as an object (allocates; bulk callers use {@link #idBits} and {@link #isUuid}). */
    public PointId id(int ord) {
      return isUuid(ord) ? new PointId.Uuid(new UUID(ids[ord], uuidLow[ord])) : new PointId.Num(ids[ord]);
    }

    /** The LSN of the operation that wrote this version of the point. */
    public long lsn(int ord) {
      return lsns[ord];
    }

    /** The smallest LSN of the segment's points; 0 for an empty segment. */
    public long minLsn() {
      return minLsn;
    }

    /** The largest LSN of the segment's points; 0 for an empty segment. */
    public long maxLsn() {
      return maxLsn;
    }

    /** Heap bytes held by the arrays. */
    public long ramBytesUsed() {
      long bytes = 16L + 8L * ids.length + 8L * lsns.length;
      if (uuidLow != null) {
        bytes += 16L + 8L * uuidLow.length + 16L + 8L * uuidBits.length;
      }
      return bytes + 48;
    }
  }
}
