package dev.quiver.storage;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a file that {@link ChecksummedFileReader} verifies: checkpoints, segments, snapshots.
 *
 * <h2>Format</h2>
 * Big-endian, like {@link java.io.DataOutputStream}:
 * <pre>
 * int   magic         chosen by the caller (identifies the kind of file)
 * int   version       chosen by the caller (format version of the body)
 * ...                 the body: the caller's fields, in the caller's order
 * int   footerMagic   0x51464F54 ("QFOT")
 * long  checksum      CRC32C of every byte above, magic through footerMagic (upper 32 bits 0)
 * </pre>
 * Field encodings: {@code writeInt} 4 bytes, {@code writeLong} 8, {@code writeByte} 1,
 * {@code writeBoolean} 1 (0 or 1), {@code writeFloat} 4 (IEEE 754 bits);
 * {@code writeFloats}: int count, then count × 4 bytes; {@code writeBytes}: int count, then the
 * bytes; {@code writeString}: {@code writeBytes} of its UTF-8 encoding (no 64 KiB limit).
 *
 * <h2>Atomicity</h2>
 * Bytes go to {@code <target>.tmp}. {@link #commit()} writes the footer, fsyncs, renames the file
 * over {@code target} atomically and fsyncs the folder, so {@code target} is always either the old
 * complete file or the new complete file. Closing without committing deletes the temporary file.
 *
 * <p>Not thread-safe: one thread writes a file.
 */
public final class ChecksummedFileWriter implements AutoCloseable {

  static final int FOOTER_MAGIC = 0x51464F54;

  private final Path target;
  private final Path tmp;
  // A stream, not a FileChannel: an interrupt of the writing thread must not close the file.
  private final FileOutputStream out;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
  private final CRC32C crc = new CRC32C();
  private boolean committed;
  private boolean closed;

  private ChecksummedFileWriter(Path target) throws IOException {
    this.target = target;
    this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
    this.out = new FileOutputStream(tmp.toFile());
  }

  /** Starts {@code <target>.tmp} (replacing a leftover one) with the header. */
  public static ChecksummedFileWriter create(Path target, int magic, int version) throws IOException {
    ChecksummedFileWriter w = new ChecksummedFileWriter(target);
    w.writeInt(magic);
    w.writeInt(version);
    return w;
  }

  public void writeInt(int v) throws IOException {
    room(Integer.BYTES).putInt(v);
  }

  public void writeLong(long v) throws IOException {
    room(Long.BYTES).putLong(v);
  }

  /** The low 8 bits of {@code v}. */
  public void writeByte(int v) throws IOException {
    room(1).put((byte) v);
  }

  public void writeBoolean(boolean v) throws IOException {
    room(1).put((byte) (v ? 1 : 0));
  }

  public void writeFloat(float v) throws IOException {
    room(Float.BYTES).putFloat(v);
  }

  /** Count-prefixed floats, copied in bulk. */
  public void writeFloats(float[] v) throws IOException {
    writeInt(v.length);
    for (int i = 0; i < v.length; ) {
      room(Float.BYTES);
      int n = Math.min(v.length - i, buf.remaining() / Float.BYTES);
      buf.asFloatBuffer().put(v, i, n);
      buf.position(buf.position() + n * Float.BYTES);
      i += n;
    }
  }

  /** Count-prefixed bytes. */
  public void writeBytes(byte[] bytes) throws IOException {
    writeInt(bytes.length);
    for (int i = 0; i < bytes.length; ) {
      room(1);
      int n = Math.min(bytes.length - i, buf.remaining());
      buf.put(bytes, i, n);
      i += n;
    }
  }

  /** Count-prefixed UTF-8. */
  public void writeString(String s) throws IOException {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes the footer, makes the file durable and moves it to {@code target}. The writer is
   * finished afterwards.
   */
  public void commit() throws IOException {
    writeInt(FOOTER_MAGIC);
    drain(); // the checksum covers everything up to here
    buf.putLong(crc.getValue());
    drain();
    out.getFD().sync();
    out.close();
    closed = true;
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Deletes the temporary file unless {@link #commit()} succeeded. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
    if (!committed) {
      Files.deleteIfExists(tmp);
    }
  }

  /** The buffer, with at least {@code n} bytes free. */
  private ByteBuffer room(int n) throws IOException {
    if (closed) {
      throw new IllegalStateException("file " + tmp + " is already " + (committed ? "committed" : "closed"));
    }
    if (buf.remaining() < n) {
      drain();
    }
    return buf;
  }

  /** Checksums and writes out the buffer. */
  private void drain() throws IOException {
    crc.update(buf.array(), 0, buf.position());
    out.write(buf.array(), 0, buf.position());
    buf.clear();
  }

  /** Makes a rename or delete in {@code dir} durable, where the platform allows it. */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open a folder for fsync; there NTFS journals the rename itself.
    }
  }
}
