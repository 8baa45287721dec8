package dev.quiver.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer in a child JVM is killed with SIGKILL at a random moment; every append it saw
 * acknowledged must be in the reopened log, byte for byte, and the log must keep working. Big
 * records are among the writes so that a kill can land inside one (a torn tail). The log keeps an
 * end marker, which a kill must never leave the log short of (that would refuse a good log).
 */
class WalCrashTest {

  /** Child: 4 threads append until killed, printing "lsn tag" once each append returns. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    WriteAheadLog wal = WriteAheadLog.open(dir, Durability.parse(args[1]), 1, 256 << 10, marker(dir), false);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.println("READY");
    out.flush();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread.ofPlatform().start(() -> {
        SplittableRandom rnd = new SplittableRandom(thread * 31L + System.nanoTime());
        for (int seq = 0; ; seq++) {
          String tag = args[2] + "/" + thread + "/" + seq + "/" + (rnd.nextInt(10) == 0 ? 100_000 + rnd.nextInt(200_000)
              : rnd.nextInt(300));
          try {
            long lsn = wal.append(payload(tag));
            synchronized (out) {
              out.println(lsn + " " + tag);
              out.flush();
            }
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        }
      });
    }
    Thread.sleep(60_000); // the parent kills long before
  }

  /** The end marker, beside the log folder: a kill must never leave the log short of it. */
  static Path marker(Path dir) {
    return dir.resolveSibling(dir.getFileName() + ".end");
  }

  /** A payload that can be checked on its own: the tag, then filler derived from it. */
  static byte[] payload(String tag) {
    int size = Integer.parseInt(tag.substring(tag.lastIndexOf('/') + 1));
    byte[] t = (tag + "|").getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[t.length + size];
    System.arraycopy(t, 0, p, 0, t.length);
    SplittableRandom r = new SplittableRandom(tag.hashCode());
    for (int i = t.length; i < p.length; i++) {
      p[i] = (byte) r.nextInt(256);
    }
    return p;
  }

  static String tagOf(byte[] payload) {
    String s = new String(payload, 0, Math.min(payload.length, 64), StandardCharsets.UTF_8);
    return s.substring(0, s.indexOf('|'));
  }

  @Test
  void everyAcknowledgedAppendSurvivesSigkill(@TempDir Path root) throws Exception {
    SplittableRandom rnd = new SplittableRandom(42);
    for (String policy : List.of("fsync", "group:1ms", "none")) {
      Path dir = root.resolve(policy.replace(':', '_'));
      Map<Long, String> acked = new HashMap<>();
      for (int round = 0; round < 3; round++) {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
            System.getProperty("java.class.path"), WalCrashTest.class.getName(), dir.toString(), policy, "r" + round)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("READY", in.readLine());
        // Kill only once appends are being acknowledged: on a loaded machine the first fsync alone can
        // outlast a fixed delay, and a kill before any acknowledgement tests nothing.
        String first = in.readLine();
        assertNotNull(first, policy + " round " + round + ": the child exited before acknowledging an append");
        Thread.sleep(30 + rnd.nextInt(250));
        child.toHandle().destroyForcibly(); // SIGKILL, leaving our end of its stdout readable
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        int before = acked.size();
        for (String line = first; line != null; line = in.readLine()) {
          int space = line.indexOf(' ');
          if (space < 0 || line.indexOf('/', space) < 0) {
            continue; // the last line can be cut short by the kill
          }
          acked.put(Long.parseLong(line.substring(0, space)), line.substring(space + 1));
        }
        assertTrue(acked.size() > before, policy + " round " + round + ": the child acknowledged nothing");

        try (WriteAheadLog wal = WriteAheadLog.open(dir, Durability.NONE, 1, 256 << 10, marker(dir), false)) {
          long maxAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
          assertTrue(wal.lastLsn() >= maxAcked, policy + ": log ends at " + wal.lastLsn() + ", acked " + maxAcked);
          int[] seen = {0};
          wal.replay(0, (lsn, record) -> {
            String tag = tagOf(record);
            assertArrayEquals(payload(tag), record, "LSN " + lsn);
            String want = acked.get(lsn);
            if (want != null) {
              assertEquals(want, tag, "LSN " + lsn);
              seen[0]++;
            }
          });
          assertEquals(acked.size(), seen[0], policy + ": acknowledged records missing");
        }
      }
      System.out.printf("crash test %-9s: %d acknowledged appends over 3 SIGKILLs, all recovered%n", policy,
          acked.size());
      assertNotNull(dir);
    }
  }
}
