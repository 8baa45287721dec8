package dev.quiver.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a data folder, so that a second process (or a second open in this one)
 * gets a clear error instead of corrupting it. The lock is an OS lock on {@code quiver.lock},
 * which also holds the owner's PID for the error message; the OS releases it when the process
 * dies, however it dies. The file stays after {@link #close()}: only the lock matters.
 *
 * <p>Why a JVM-wide registry as well: on POSIX systems, closing <em>any</em> descriptor of a file
 * releases every lock the process holds on it. A second attempt in the same JVM that opened the
 * file, met an {@link OverlappingFileLockException} and closed its channel would silently unlock
 * the folder for other processes. So same-JVM attempts are refused before the file is opened.
 * For the same reason, nothing in this JVM should open {@code quiver.lock} while it is held.
 */
public final class DataFolderLock implements AutoCloseable {

  public static final String FILE = "quiver.lock";

  /** Real paths of the folders this JVM holds; guarded by its own concurrency. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel; // guarded by this
  private final FileLock lock;

  private DataFolderLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the folder if needed and locks it.
   *
   * @throws FolderInUseException if another process, or another open in this one, holds it
   */
  public static DataFolderLock acquire(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path key = folder.toRealPath();
    if (!HELD.add(key)) {
      throw inUse(folder, "this process (it is already open here); close the other instance first");
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        // Someone in this JVM locked the file without going through this class.
        throw inUse(folder, "this process (the lock file is locked by other code here)");
      }
      if (lock == null) {
        String owner = readOwner(ch);
        throw inUse(folder, (owner == null ? "another process" : "process " + owner)
            + "; stop it, or use another folder");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(false);
      return new DataFolderLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      HELD.remove(key);
      throw e;
    }
  }

  private static FolderInUseException inUse(Path folder, String by) {
    return new FolderInUseException("data folder " + folder + " is in use by " + by);
  }

  /** The PID the holder wrote, or null if it cannot be read (e.g. Windows forbids reading a locked range). */
  private static String readOwner(FileChannel ch) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      ch.read(buf, 0);
      String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return s.matches("\\d{1,19}") ? s : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Releases the lock; later calls do nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } finally {
      HELD.remove(key);
    }
  }
}
