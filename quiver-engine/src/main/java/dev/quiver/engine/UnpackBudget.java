package dev.quiver.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * What one snapshot restore may still unpack, per {@link SnapshotLimits}. Bytes are counted before
 * they are written, so a refused snapshot has written at most the limit: a zip's declared sizes
 * can lie, the inflated stream cannot. One restore, one thread.
 */
final class UnpackBudget {

  private final Path file;
  private final long fileBytes;
  private final SnapshotLimits limits;
  private final long maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private long written;
  private int entries;

  UnpackBudget(Path file, long fileBytes, SnapshotLimits limits) {
    this.file = file;
    this.fileBytes = fileBytes;
    this.limits = limits;
    this.maxBytes = limits.unpackedBytesFor(fileBytes);
  }

  /** Counts an entry; refuses it early when its declared size alone would pass the limit. */
  void nextEntry(String entry, long declaredSize) {
    if (++entries > limits.maxEntries()) {
      throw new SnapshotTooLargeException("snapshot " + file + " has more than " + limits.maxEntries()
          + " entries (entry '" + entry + "' is one too many), the limit SnapshotLimits.maxEntries; it may be a"
          + " zip bomb. If the snapshot is genuine, raise the limit with"
          + " QuiverConfig.withSnapshotLimits(SnapshotLimits.defaults().withMaxEntries(n))");
    }
    if (declaredSize > 0 && written + declaredSize > maxBytes) {
      throw tooLarge(entry);
    }
  }

  /** Copies the current entry, refusing it before a byte beyond the limits is written. */
  void copy(InputStream in, OutputStream out, String entry, long entryMax) throws IOException {
    long entryBytes = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      if (written + n > maxBytes) {
        throw tooLarge(entry);
      }
      if (entryBytes + n > entryMax) {
        throw new IllegalArgumentException("snapshot " + file + ": entry '" + entry + "' is over " + entryMax
            + " bytes; a Quiver snapshot's description is far smaller: it is not a Quiver snapshot");
      }
      out.write(buffer, 0, n);
      written += n;
      entryBytes += n;
    }
  }

  private SnapshotTooLargeException tooLarge(String entry) {
    boolean absolute = maxBytes == limits.maxUnpackedBytes();
    String limit = absolute
        ? "the limit SnapshotLimits.maxUnpackedBytes"
        : "the bound for a " + fileBytes + "-byte snapshot file: SnapshotLimits.maxCompressionRatio "
            + limits.maxCompressionRatio() + " times its size (at least 1 MiB)";
    String raise = absolute ? "withMaxUnpackedBytes(bytes)" : "withMaxCompressionRatio(ratio)";
    return new SnapshotTooLargeException("snapshot " + file + " unpacks to more than " + maxBytes
        + " bytes (at entry '" + entry + "'), " + limit + "; it may be a zip bomb. If the snapshot is genuine,"
        + " raise the limit with QuiverConfig.withSnapshotLimits(SnapshotLimits.defaults()." + raise + ")");
  }
}
