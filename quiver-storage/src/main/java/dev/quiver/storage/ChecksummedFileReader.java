package dev.quiver.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a file written by {@link ChecksummedFileWriter}. Every failure (wrong magic, unsupported
 * version, a length that cannot fit, truncation anywhere, checksum mismatch, bytes after the footer)
 * is a {@link CorruptFileException} naming the file, the byte offset and the section the caller
 * declared with {@link #section}. The checksum is only known at the end: callers must call
 * {@link #verifyFooter()} before trusting what they read.
 */
public final class ChecksummedFileReader implements AutoCloseable {

  private final Path path;
  private final long length;
  private final InputStream file;
  private final Counting counting;
  private final CheckedInputStream checked;
  private final DataInputStream in;
  private final int version;
  private String section = "the header";

  private ChecksummedFileReader(Path path, int magic, int maxVersion) throws IOException {
    this.path = path;
    this.length = Files.size(path);
    this.file = Files.newInputStream(path);
    this.counting = new Counting(new BufferedInputStream(file, 1 << 20));
    this.checked = new CheckedInputStream(counting, new CRC32C());
    this.in = new DataInputStream(checked);
    int m = readInt();
    if (m != magic) {
      throw corrupt(String.format("has magic 0x%08X, expected 0x%08X: it is not the expected kind of file",
          m, magic));
    }
    version = readInt();
    if (version < 1 || version > maxVersion) {
      throw corrupt("has format version " + version + "; this Quiver reads versions 1 to " + maxVersion);
    }
  }

  public static ChecksummedFileReader open(Path path, int magic, int maxSupportedVersion) throws IOException {
    ChecksummedFileReader r = new ChecksummedFileReader(path, magic, maxSupportedVersion);
    return r;
  }

  public int version() {
    return version;
  }

  /** Names the part being read, for error messages. */
  public void section(String name) {
    this.section = name;
  }

  public int readInt() throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw truncated();
    }
  }

  public long readLong() throws IOException {
    try {
      return in.readLong();
    } catch (EOFException e) {
      throw truncated();
    }
  }

  public int readByte() throws IOException {
    try {
      return in.readUnsignedByte();
    } catch (EOFException e) {
      throw truncated();
    }
  }

  public boolean readBoolean() throws IOException {
    int b = readByte();
    if (b > 1) {
      throw corrupt("has a boolean of value " + b);
    }
    return b == 1;
  }

  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  public float[] readFloats() throws IOException {
    int n = readLength(Float.BYTES);
    byte[] bytes = readFully(n * Float.BYTES);
    float[] v = new float[n];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
    return v;
  }

  public byte[] readBytes() throws IOException {
    return readFully(readLength(1));
  }

  public String readString() throws IOException {
    return new String(readBytes(), StandardCharsets.UTF_8);
  }

  /** Checks the footer and checksum, and that nothing follows. */
  public void verifyFooter() throws IOException {
    section = "the footer";
    int footer = readInt();
    if (footer != ChecksummedFileWriter.FOOTER_MAGIC) {
      throw corrupt(String.format("has footer magic 0x%08X, expected 0x%08X",
          footer, ChecksummedFileWriter.FOOTER_MAGIC));
    }
    long computed = checked.getChecksum().getValue();
    long stored = readLong();
    if (stored != computed) {
      throw corrupt(String.format("fails its checksum: stored CRC32C 0x%08X, computed 0x%08X",
          stored, computed));
    }
    if (counting.count != length || in.read() != -1) {
      throw corrupt("has " + (length - counting.count) + " unexpected bytes after the footer");
    }
  }

  private int readLength(int unit) throws IOException {
    int n = readInt();
    if (n < 0 || (long) n * unit > length - counting.count) {
      throw corrupt("has an impossible length " + n + " (" + (length - counting.count) + " bytes remain)");
    }
    return n;
  }

  private byte[] readFully(int n) throws IOException {
    byte[] b = new byte[n];
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw truncated();
    }
    return b;
  }

  private CorruptFileException truncated() {
    return new CorruptFileException("file " + path + " is truncated: it ends at byte " + length
        + " while reading " + section);
  }

  private CorruptFileException corrupt(String problem) {
    return new CorruptFileException("file " + path + " " + problem + " (at byte " + counting.count
        + " of " + length + ", in " + section + ")");
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
