package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

  /**
   * Child process. "hold DIR": locks DIR, prints LOCKED, holds until its standard input closes.
   * "try DIR": prints ACQUIRED or REFUSED plus the message.
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("hold")) {
      DataFolderLock lock = DataFolderLock.acquire(dir);
      System.out.println("LOCKED");
      System.out.flush();
      System.in.read();
      lock.close();
    } else {
      try {
        DataFolderLock.acquire(dir).close();
        System.out.println("ACQUIRED");
      } catch (FolderInUseException e) {
        System.out.println("REFUSED " + e.getMessage());
      }
    }
  }

  static Process child(String mode, Path dir) throws IOException {
    return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        System.getProperty("java.class.path"), DataFolderLockTest.class.getName(), mode, dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  static String firstLine(Process p) throws IOException {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** What a fresh JVM gets when it tries to lock {@code dir}. */
  static String tryInChild(Path dir) throws Exception {
    Process p = child("try", dir);
    String line = firstLine(p);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return line;
  }

  @Test
  void anotherProcessGetsAClearErrorUntilItExits(@TempDir Path dir) throws Exception {
    Process holder = child("hold", dir);
    try {
      assertEquals("LOCKED", firstLine(holder));
      FolderInUseException e = assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(dir));
      assertTrue(e.getMessage().equals("data folder " + dir + " is in use by process " + holder.pid()
          + "; stop it, or use another folder"), e.getMessage());
    } finally {
      holder.getOutputStream().close(); // lets it exit
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    DataFolderLock lock = DataFolderLock.acquire(dir);
    try {
      assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(DataFolderLock.FILE)));
    } finally {
      lock.close();
    }
  }

  @Test
  void deletingOrReplacingTheLockFileOfARunningDatabaseDoesNotLetASecondOneIn(@TempDir Path dir) throws Exception {
    Process holder = child("hold", dir);
    try {
      assertEquals("LOCKED", firstLine(holder));
      for (String tampering : new String[] {"deleted", "replaced"}) {
        Files.delete(dir.resolve(DataFolderLock.FILE)); // "a stale lock file"
        if (tampering.equals("replaced")) {
          Files.writeString(dir.resolve(DataFolderLock.FILE), "");
        }
        FolderInUseException e = assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(dir),
            "lock file " + tampering);
        assertTrue(e.getMessage().startsWith("data folder " + dir + " is in use by process " + holder.pid()),
            tampering + ": " + e.getMessage());
        String other = tryInChild(dir);
        assertTrue(other.startsWith("REFUSED") && other.contains("process " + holder.pid()), tampering + ": " + other);
      }
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    DataFolderLock.acquire(dir).close(); // once it has exited, the folder is free again
    assertEquals("ACQUIRED", tryInChild(dir));
  }

  @Test
  void aStaleLockFileFromADeadProcessDoesNotBlock(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(DataFolderLock.FILE), "12345\n"); // stale: nobody holds the lock
    DataFolderLock.acquire(dir).close();
    assertTrue(Files.exists(dir.resolve(DataFolderLock.FILE)));
    assertTrue(tryInChild(dir).equals("ACQUIRED"));
  }

  @Test
  void aSecondAcquireInTheSameProcessFailsAndKeepsTheLock(@TempDir Path dir) throws Exception {
    Path sub = dir.resolve("data");
    DataFolderLock first = DataFolderLock.acquire(sub); // creates the folder
    try {
      FolderInUseException e = assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(sub));
      assertTrue(e.getMessage().startsWith("data folder " + sub + " is in use by this process"), e.getMessage());
      // the same folder through another spelling is the same folder
      assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(dir.resolve("data/../data")));
      // and the refused attempts must not have released the OS lock (closing a second descriptor
      // of the file would, on POSIX): another process is still kept out
      String other = tryInChild(sub);
      assertTrue(other.startsWith("REFUSED") && other.contains("in use by process " + ProcessHandle.current().pid()),
          other);
    } finally {
      first.close();
    }
    first.close(); // idempotent
    assertEquals("ACQUIRED", tryInChild(sub));
    DataFolderLock.acquire(sub).close();
  }
}
