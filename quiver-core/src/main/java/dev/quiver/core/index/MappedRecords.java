package dev.quiver.core.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;

/**
 * A run of fixed-size records in a file, memory-mapped in read-only chunks that each hold a whole
 * number of records, so that no record straddles two chunks and a file far beyond the 2 GiB limit
 * of one {@code ByteBuffer} is still addressed with a shift and a mask. Records per chunk is a
 * power of two for that reason.
 *
 * <p>Nothing is copied onto the heap: the chunks are views of the page cache. The mapping lives
 * until the buffers are garbage collected (JDK 21 has no safe unmap for {@code MappedByteBuffer});
 * the channel can be closed as soon as the mapping exists.
 *
 * <p>Immutable after construction and safe to share: readers use absolute gets only.
 */
final class MappedRecords {

  /** Default chunk size; tests pass tiny ones to cross chunk boundaries without 2 GiB files. */
  static final long DEFAULT_MAX_CHUNK_BYTES = 1L << 30;

  private final ByteBuffer[] chunks;
  private final int shift;
  private final int mask;
  private final int recordBytes;
  private final long count;

  MappedRecords(FileChannel channel, long offset, long count, int recordBytes, long maxChunkBytes)
      throws IOException {
    if (recordBytes <= 0 || recordBytes > maxChunkBytes) {
      throw new IllegalArgumentException("record of " + recordBytes + " bytes, chunks of " + maxChunkBytes);
    }
    this.recordBytes = recordBytes;
    this.count = count;
    int perChunkShift = 63 - Long.numberOfLeadingZeros(Math.max(1, maxChunkBytes / recordBytes));
    this.shift = Math.min(perChunkShift, 30);
    this.mask = (1 << shift) - 1;
    long perChunk = 1L << shift;
    int n = (int) ((count + perChunk - 1) / perChunk);
    chunks = new ByteBuffer[n];
    for (int c = 0; c < n; c++) {
      long records = Math.min(perChunk, count - c * perChunk);
      chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, offset + c * perChunk * recordBytes,
          records * recordBytes).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  long count() {
    return count;
  }

  int recordBytes() {
    return recordBytes;
  }

  int chunkCount() {
    return chunks.length;
  }

  /** The chunk holding {@code record}. */
  ByteBuffer chunk(long record) {
    return chunks[(int) (record >>> shift)];
  }

  /** Byte position of {@code record} inside its chunk. */
  int position(long record) {
    return (int) (record & mask) * recordBytes;
  }

  /** Per-chunk float views; index {@code (record & mask) * floatsPerRecord} inside chunk {@code record >>> shift}. */
  FloatBuffer[] floatChunks() {
    FloatBuffer[] out = new FloatBuffer[chunks.length];
    for (int c = 0; c < chunks.length; c++) {
      out[c] = chunks[c].asFloatBuffer();
    }
    return out;
  }

  /** Per-chunk int views, as {@link #floatChunks()}. */
  IntBuffer[] intChunks() {
    IntBuffer[] out = new IntBuffer[chunks.length];
    for (int c = 0; c < chunks.length; c++) {
      out[c] = chunks[c].asIntBuffer();
    }
    return out;
  }

  int shift() {
    return shift;
  }

  int mask() {
    return mask;
  }
}
