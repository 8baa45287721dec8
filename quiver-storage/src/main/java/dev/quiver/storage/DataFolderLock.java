package dev.quiver.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a data folder, so that a second process (or a second open in this one)
 * gets a clear error instead of corrupting it. The lock is an OS lock on {@code quiver.lock},
 * which also holds the owner's PID for the error message; the OS releases it when the process
 * dies, however it dies. The file stays after {@link #close()}: only the lock matters.
 *
 * <p>Why a second name, {@code .quiver.lock}, a hard link to the same file: an OS lock belongs to
 * the file, not to its name. If {@code quiver.lock} is deleted while a database runs (it looks
 * like a stale lock file), a second process would create a new file of that name, lock it, and
 * run on the same folder. The hidden link keeps the held file reachable: an opener that finds
 * {@code quiver.lock} missing links it back from {@code .quiver.lock} before locking, and one that
 * finds the two names on different files (the lock file replaced) also tries the other file's
 * lock; either way it meets the holder's lock and is refused. Deleting both names defeats this,
 * as deleting the database's files defeats anything. Where hard links are not supported, the
 * folder is locked without the link (one WARNING).
 *
 * <p>Why a JVM-wide registry as well: on POSIX systems, closing <em>any</em> descriptor of a file
 * releases every lock the process holds on it. A second attempt in the same JVM that opened the
 * file, met an {@link OverlappingFileLockException} and closed its channel would silently unlock
 * the folder for other processes. So same-JVM attempts are refused before the file is opened.
 * For the same reason, nothing in this JVM should open {@code quiver.lock} while it is held.
 */
public final class DataFolderLock implements AutoCloseable {

  public static final String FILE = "quiver.lock";
  /** The hard link that keeps the held lock file reachable if {@link #FILE} is deleted. */
  public static final String LINK = ".quiver.lock";

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
    Path file = key.resolve(FILE);
    Path link = key.resolve(LINK);
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        // quiver.lock was deleted; if a process still holds the file, this name brings its lock back.
        try {
          Files.createLink(file, link);
        } catch (FileAlreadyExistsException raced) {
          // another opener put one back first: lock whatever is there now
        } catch (IOException | UnsupportedOperationException e) {
          // no hard links here: fall through and lock a new file
        }
      }
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
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
      checkOtherFile(folder, file, link);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(false);
      linkTo(file, link);
      return new DataFolderLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      HELD.remove(key);
      throw e;
    }
  }

  /**
   * Refuses if {@code link} names another file than {@code file} (quiver.lock was replaced, e.g.
   * deleted and created again) and some process holds that other file's lock. Opening the other
   * file is safe: POSIX releases a process's locks on a file when it closes any descriptor of
   * <em>that</em> file, and this one is not the file just locked (compared by file key first).
   */
  private static void checkOtherFile(Path folder, Path file, Path link) throws IOException {
    Object linkKey = fileKey(link);
    Object fileKey = fileKey(file);
    if (linkKey == null || fileKey == null || linkKey.equals(fileKey)) {
      return;
    }
    try (FileChannel other = FileChannel.open(link, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock held;
      try {
        held = other.tryLock();
      } catch (OverlappingFileLockException e) {
        throw inUse(folder, "this process (" + LINK + " is locked by other code here)");
      }
      if (held == null) {
        String owner = readOwner(other);
        throw inUse(folder, (owner == null ? "another process" : "process " + owner) + ", which locked it before "
            + FILE + " was replaced; stop it, or use another folder");
      }
      held.release();
    } catch (java.nio.file.NoSuchFileException gone) {
      // removed meanwhile: nothing holds it
    }
  }

  /** Points {@code link} at {@code file} (atomically replacing an old link), where hard links work. */
  private static void linkTo(Path file, Path link) {
    Object fileKey = fileKey(file);
    if (fileKey != null && fileKey.equals(fileKey(link))) {
      return;
    }
    Path tmp = link.resolveSibling(LINK + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createLink(tmp, file);
      Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      if (LINK_WARNED.compareAndSet(false, true)) {
        System.getLogger(DataFolderLock.class.getName()).log(System.Logger.Level.WARNING,
            "cannot make the hard link {0} to {1} ({2}): if {1} is deleted while the database runs, a second"
                + " process could open the same folder", link, file, e.toString());
      }
    }
  }

  private static final java.util.concurrent.atomic.AtomicBoolean LINK_WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The file's identity (device and inode on POSIX), or null where the platform has none or it is gone. */
  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (IOException e) {
      return null;
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
