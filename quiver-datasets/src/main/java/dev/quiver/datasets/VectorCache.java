package dev.quiver.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A cache of derived arrays (ground truth, embeddings) in {@link DataPaths#cacheDir()}, so an
 * expensive computation runs once per machine.
 *
 * <p>File format ({@code <key>.qfvecs} for floats, {@code <key>.qivecs} for ints), all little-endian:
 * <pre>
 *   int32  magic      0x51564346 "QVCF" (floats) or 0x51564349 "QVCI" (ints)
 *   int32  version    1
 *   int32  rows
 *   int32  cols       the row length, or -1 when rows differ in length
 *   int32  lengths[rows]   only when cols == -1
 *   4-byte values, row after row (float32 or int32)
 *   int32  crc        CRC32C of every preceding byte
 * </pre>
 * A file that does not match (bad magic or version, wrong length, checksum mismatch) is reported in
 * one line on stderr, deleted and recomputed. Files are written to a temporary file in the same folder
 * and moved into place, so a reader never sees a half-written file and concurrent writers of the same
 * key simply race to an identical result.
 *
 * <p>The names differ from the texmex {@code .fvecs}/{@code .ivecs} files on purpose: those have no
 * header and a length before every row, and a tool reading one of ours as such would misread it.
 */
public final class VectorCache {

  static final int FLOATS_MAGIC = 0x51564346;
  static final int INTS_MAGIC = 0x51564349;
  static final int VERSION = 1;
  static final String FLOATS_EXTENSION = ".qfvecs";
  static final String INTS_EXTENSION = ".qivecs";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final int BUFFER = 1 << 20;

  private VectorCache() {}

  /**
   * The cached int arrays for {@code key}, or the result of {@code compute}, which is then cached.
   *
   * @param key a file-name-safe key ({@code [A-Za-z0-9][A-Za-z0-9._-]*}) that changes whenever the
   *            inputs do, e.g. {@code fashion-mnist-784-euclidean.gt100}
   */
  public static int[][] loadOrComputeInts(String key, Supplier<int[][]> compute) {
    Path file = file(key, INTS_EXTENSION);
    int[][] cached = (int[][]) readOrDiscard(file, false);
    if (cached != null) {
      return cached;
    }
    int[][] computed = Objects.requireNonNull(compute.get(), () -> "computing cache entry '" + key + "' returned null");
    writeInts(file, computed);
    return computed;
  }

  /** As {@link #loadOrComputeInts}, for float arrays. */
  public static float[][] loadOrComputeFloats(String key, Supplier<float[][]> compute) {
    Path file = file(key, FLOATS_EXTENSION);
    float[][] cached = (float[][]) readOrDiscard(file, true);
    if (cached != null) {
      return cached;
    }
    float[][] computed = Objects.requireNonNull(compute.get(), () -> "computing cache entry '" + key + "' returned null");
    writeFloats(file, computed);
    return computed;
  }

  /** The file that holds the int arrays of {@code key}. */
  public static Path intsFile(String key) {
    return file(key, INTS_EXTENSION);
  }

  /** The file that holds the float arrays of {@code key}. */
  public static Path floatsFile(String key) {
    return file(key, FLOATS_EXTENSION);
  }

  /** Writes {@code rows} to {@code file} atomically in the format above. */
  public static void writeFloats(Path file, float[][] rows) {
    write(file, FLOATS_MAGIC, rows, rows.length, i -> rows[i].length, (buffer, i) -> {
      for (float v : rows[i]) {
        buffer.putFloat(v);
      }
    });
  }

  /** Writes {@code rows} to {@code file} atomically in the format above. */
  public static void writeInts(Path file, int[][] rows) {
    write(file, INTS_MAGIC, rows, rows.length, i -> rows[i].length, (buffer, i) -> {
      for (int v : rows[i]) {
        buffer.putInt(v);
      }
    });
  }

  /** Reads a float file written by {@link #writeFloats}; throws {@link CorruptCacheException} if it is damaged. */
  public static float[][] readFloats(Path file) throws IOException {
    return (float[][]) read(file, true);
  }

  /** Reads an int file written by {@link #writeInts}; throws {@link CorruptCacheException} if it is damaged. */
  public static int[][] readInts(Path file) throws IOException {
    return (int[][]) read(file, false);
  }

  /** A cache file whose content does not match its format. */
  public static final class CorruptCacheException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptCacheException(String message) {
      super(message);
    }
  }

  private static Path file(String key, String extension) {
    if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("cache key '" + key
          + "' is not a safe file name; expected letters, digits, '.', '_' and '-' (no '..')");
    }
    return DataPaths.cacheDir().resolve(key + extension);
  }

  private static Object readOrDiscard(Path file, boolean floats) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return read(file, floats);
    } catch (NoSuchFileException e) {
      return null; // deleted between the check and the read
    } catch (IOException e) {
      System.err.println("quiver: cache file " + file + " is unreadable (" + e.getMessage()
          + "); deleting it and recomputing");
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the rewrite below replaces it anyway
      }
      return null;
    }
  }

  private interface RowLength {
    int of(int row);
  }

  private interface RowWriter {
    void put(ByteBuffer buffer, int row);
  }

  private static void write(Path file, int magic, Object[] rows, int count, RowLength length, RowWriter writer) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      boolean ragged = false;
      int cols = count > 0 ? length.of(0) : 0;
      for (int i = 0; i < count; i++) {
        Objects.requireNonNull(rows[i], () -> "row is null");
        ragged |= length.of(i) != cols;
      }
      CRC32C crc = new CRC32C();
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(magic).putInt(VERSION).putInt(count).putInt(ragged ? -1 : cols);
        if (ragged) {
          for (int i = 0; i < count; i++) {
            ensure(buffer, 4, channel, crc);
            buffer.putInt(length.of(i));
          }
        }
        for (int i = 0; i < count; i++) {
          long bytes = 4L * length.of(i);
          if (bytes > buffer.capacity()) {
            flush(buffer, channel, crc);
            ByteBuffer big = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
            writer.put(big, i);
            flush(big, channel, crc);
          } else {
            ensure(buffer, (int) bytes, channel, crc);
            writer.put(buffer, i);
          }
        }
        flush(buffer, channel, crc);
        buffer.putInt((int) crc.getValue());
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cache file " + file + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort; a stray .tmp file is harmless
        }
      }
    }
  }

  private static void ensure(ByteBuffer buffer, int bytes, FileChannel channel, CRC32C crc) throws IOException {
    if (buffer.remaining() < bytes) {
      flush(buffer, channel, crc);
    }
  }

  private static void flush(ByteBuffer buffer, FileChannel channel, CRC32C crc) throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private static Object read(Path file, boolean floats) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      Reader in = new Reader(channel, file);
      int magic = in.readInt();
      int expectedMagic = floats ? FLOATS_MAGIC : INTS_MAGIC;
      if (magic != expectedMagic) {
        throw new CorruptCacheException(String.format("magic 0x%08X, expected 0x%08X", magic, expectedMagic));
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptCacheException("version " + version + ", expected " + VERSION);
      }
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows < 0 || cols < -1) {
        throw new CorruptCacheException("invalid sizes: " + rows + " rows of " + cols);
      }
      int[] lengths = new int[rows];
      long values = 0;
      long headerBytes = 16;
      if (cols == -1) {
        headerBytes += 4L * rows;
        if (headerBytes + 4 > size) {
          throw new CorruptCacheException("truncated: " + size + " bytes, the row lengths alone need "
              + (headerBytes + 4));
        }
        for (int i = 0; i < rows; i++) {
          lengths[i] = in.readInt();
          if (lengths[i] < 0) {
            throw new CorruptCacheException("row " + i + " has length " + lengths[i]);
          }
          values += lengths[i];
        }
      } else {
        java.util.Arrays.fill(lengths, cols);
        values = (long) rows * cols;
      }
      long expectedSize = headerBytes + 4 * values + 4;
      if (size != expectedSize) {
        throw new CorruptCacheException("file has " + size + " bytes, expected " + expectedSize);
      }
      Object result;
      if (floats) {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
          out[i] = in.readFloats(lengths[i]);
        }
        result = out;
      } else {
        int[][] out = new int[rows][];
        for (int i = 0; i < rows; i++) {
          out[i] = in.readInts(lengths[i]);
        }
        result = out;
      }
      int computed = in.checksum();
      int stored = in.readInt();
      if (stored != computed) {
        throw new CorruptCacheException(String.format("checksum 0x%08X, computed 0x%08X", stored, computed));
      }
      return result;
    }
  }

  /** Buffered little-endian reading that checksums what it consumes. */
  private static final class Reader {
    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    Reader(FileChannel channel, Path file) {
      this.channel = channel;
      this.file = file;
      buffer.flip(); // empty
    }

    int checksum() {
      return (int) crc.getValue();
    }

    int readInt() throws IOException {
      fill(4);
      crc.update(buffer.array(), buffer.position(), 4);
      return buffer.getInt();
    }

    float[] readFloats(int n) throws IOException {
      float[] out = new float[n];
      int done = 0;
      while (done < n) {
        fill(4);
        int chunk = Math.min(n - done, buffer.remaining() / 4);
        crc.update(buffer.array(), buffer.position(), chunk * 4);
        buffer.asFloatBuffer().get(out, done, chunk);
        buffer.position(buffer.position() + chunk * 4);
        done += chunk;
      }
      return out;
    }

    int[] readInts(int n) throws IOException {
      int[] out = new int[n];
      int done = 0;
      while (done < n) {
        fill(4);
        int chunk = Math.min(n - done, buffer.remaining() / 4);
        crc.update(buffer.array(), buffer.position(), chunk * 4);
        buffer.asIntBuffer().get(out, done, chunk);
        buffer.position(buffer.position() + chunk * 4);
        done += chunk;
      }
      return out;
    }

    /** Makes at least {@code bytes} bytes available. */
    private void fill(int bytes) throws IOException {
      if (buffer.remaining() >= bytes) {
        return;
      }
      buffer.compact();
      while (buffer.position() < bytes) {
        if (channel.read(buffer) < 0) {
          throw new EOFException("truncated: ends inside the header of " + file.getFileName());
        }
      }
      buffer.flip();
    }
  }
}
