package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderLockTest {

  /** Child process: holds the lock until its standard input closes. */
  public static void main(String[] args) throws Exception {
    try (DataFolderLock lock = DataFolderLock.acquire(Path.of(args[0]))) {
      System.out.println("LOCKED");
      System.out.flush();
      System.in.read();
    }
  }

  @Test
  void anotherProcessGetsAClearError(@TempDir Path dir) throws Exception {
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), DataFolderLockTest.class.getName(), dir.toString()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
      assertEquals("LOCKED", out.readLine());
      FolderInUseException e = assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(dir));
      assertTrue(e.getMessage().contains("in use by process " + child.pid()), e.getMessage());
    } finally {
      child.getOutputStream().close();
      child.waitFor(20, TimeUnit.SECONDS);
      child.destroyForcibly();
    }
    DataFolderLock.acquire(dir).close();
  }

  @Test
  void sameProcessTwiceIsRefused(@TempDir Path dir) throws Exception {
    try (DataFolderLock first = DataFolderLock.acquire(dir)) {
      FolderInUseException e = assertThrows(FolderInUseException.class, () -> DataFolderLock.acquire(dir));
      assertTrue(e.getMessage().contains("in use by this process"), e.getMessage());
    }
    DataFolderLock.acquire(dir).close();
  }
}
