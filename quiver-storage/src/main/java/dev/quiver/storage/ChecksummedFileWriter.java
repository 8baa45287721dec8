package dev.quiver.storage;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a file that {@link ChecksummedFileReader} verifies. Layout (big-endian):
 *
 * <pre>
 * int magic, int version      chosen by the caller
 * ...                         the caller's fields
 * int footerMagic 0x51464F54 ("QFOT"), long CRC32C of every byte before this checksum
 * </pre>
 *
 * Bytes go to {@code <target>.tmp}; {@link #commit()} adds the footer, fsyncs, renames the file
 * into place atomically and fsyncs the folder. Closing without committing deletes the temporary
 * file, so a crash never leaves a half-written file under the real name. Not thread-safe.
 */
public final class ChecksummedFileWriter implements AutoCloseable {

  static final int FOOTER_MAGIC = 0x51464F54;

  private final Path target;
  private final Path tmp;
  private final FileChannel channel;
  private final CheckedOutputStream checked;
  private final DataOutputStream out;
  private boolean committed;

  private ChecksummedFileWriter(Path target) throws IOException {
    this.target = target;
    this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
    this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    this.checked = new CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20),
        new CRC32C());
    this.out = new DataOutputStream(checked);
  }

  public static ChecksummedFileWriter create(Path target, int magic, int version) throws IOException {
    ChecksummedFileWriter w = new ChecksummedFileWriter(target);
    w.writeInt(magic);
    w.writeInt(version);
    return w;
  }

  public void writeInt(int v) throws IOException {
    out.writeInt(v);
  }

  public void writeLong(long v) throws IOException {
    out.writeLong(v);
  }

  public void writeByte(int v) throws IOException {
    out.writeByte(v);
  }

  public void writeBoolean(boolean v) throws IOException {
    out.writeBoolean(v);
  }

  public void writeFloat(float v) throws IOException {
    out.writeFloat(v);
  }

  /** Length-prefixed floats. */
  public void writeFloats(float[] v) throws IOException {
    out.writeInt(v.length);
    ByteBuffer buf = ByteBuffer.allocate(v.length * Float.BYTES);
    buf.asFloatBuffer().put(v);
    out.write(buf.array());
  }

  /** Length-prefixed bytes. */
  public void writeBytes(byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Length-prefixed UTF-8 (no 64 KiB limit, unlike writeUTF). */
  public void writeString(String s) throws IOException {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the footer, makes the file durable and moves it to its name. */
  public void commit() throws IOException {
    out.writeInt(FOOTER_MAGIC);
    out.writeLong(checked.getChecksum().getValue());
    out.flush();
    channel.force(true);
    channel.close();
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(target.toAbsolutePath().getParent());
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      channel.close();
      Files.deleteIfExists(tmp);
    }
  }

  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can fsync a directory; the rename itself is still atomic.
    }
  }
}
