package dev.quiver.engine;

/**
 * Bounds on what restoring a snapshot may unpack, so that a small hostile file (a zip bomb: a
 * 1 MiB upload can inflate to a gigabyte) cannot fill the disk. The bounds are checked while the
 * entries are written, so a refused snapshot has written no more than the bound, and its staging
 * folder is removed.
 *
 * @param maxUnpackedBytes the most bytes all entries together may unpack to; default 64 GiB
 * @param maxCompressionRatio the most bytes unpacked per byte of the snapshot file, as zip-bomb
 *     defenses bound it; default 100 (a snapshot's vectors barely compress, its JSON payloads
 *     about 5 to 10 times; deflate of zeros reaches about 1000)
 * @param maxEntries the most entries a snapshot may hold; default 10,000 (a snapshot holds its
 *     description, {@code points.qvp} and one file per named vector)
 */
public record SnapshotLimits(long maxUnpackedBytes, int maxCompressionRatio, int maxEntries) {

  public static final long DEFAULT_MAX_UNPACKED_BYTES = 64L << 30;
  public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  public SnapshotLimits {
    if (maxUnpackedBytes < 1) {
      throw new IllegalArgumentException("maxUnpackedBytes must be positive, got " + maxUnpackedBytes);
    }
    if (maxCompressionRatio < 1) {
      throw new IllegalArgumentException("maxCompressionRatio must be >= 1, got " + maxCompressionRatio);
    }
    if (maxEntries < 2) {
      throw new IllegalArgumentException("maxEntries must be >= 2 (a snapshot has a description and its"
          + " points), got " + maxEntries);
    }
  }

  public static SnapshotLimits defaults() {
    return new SnapshotLimits(DEFAULT_MAX_UNPACKED_BYTES, DEFAULT_MAX_COMPRESSION_RATIO, DEFAULT_MAX_ENTRIES);
  }

  public SnapshotLimits withMaxUnpackedBytes(long bytes) {
    return new SnapshotLimits(bytes, maxCompressionRatio, maxEntries);
  }

  public SnapshotLimits withMaxCompressionRatio(int ratio) {
    return new SnapshotLimits(maxUnpackedBytes, ratio, maxEntries);
  }

  public SnapshotLimits withMaxEntries(int entries) {
    return new SnapshotLimits(maxUnpackedBytes, maxCompressionRatio, entries);
  }

  /** The bound for a snapshot file of {@code fileBytes}: the smaller of the two byte limits. */
  long unpackedBytesFor(long fileBytes) {
    long byRatio = fileBytes > Long.MAX_VALUE / maxCompressionRatio ? Long.MAX_VALUE : fileBytes * maxCompressionRatio;
    return Math.min(maxUnpackedBytes, Math.max(byRatio, 1L << 20)); // a tiny snapshot may still unpack 1 MiB
  }
}
