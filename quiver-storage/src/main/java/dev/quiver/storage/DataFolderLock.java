package dev.quiver.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data folder ({@code quiver.lock}, holding the owner's PID), so that a
 * second process opening the same folder gets a clear error instead of corrupting it. The OS
 * releases the lock when the process dies, however it dies.
 */
public final class DataFolderLock implements AutoCloseable {

  public static final String FILE = "quiver.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static DataFolderLock acquire(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new FolderInUseException("data folder " + folder + " is in use by this process"
          + " (it is already open); close the other Quiver instance first");
    }
    if (lock == null) {
      String owner = readOwner(ch);
      ch.close();
      throw new FolderInUseException("data folder " + folder + " is in use by "
          + (owner == null ? "another process" : "process " + owner)
          + "; stop it or use another folder");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    ch.force(false);
    return new DataFolderLock(ch, lock);
  }

  private static String readOwner(FileChannel ch) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      ch.read(buf, 0);
      String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return s.matches("\\d+") ? s : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      lock.release();
      channel.close();
    }
  }
}
