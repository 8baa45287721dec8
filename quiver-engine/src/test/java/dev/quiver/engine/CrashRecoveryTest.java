package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CrashWriter} in a child JVM, kills it with SIGKILL at a random moment, reopens the
 * folder and checks that every acknowledged write survived and nothing is half-applied. Cycles
 * continue on the same folder, so recovery also runs over checkpoints and earlier recoveries.
 * {@code -Dquiver.crash.cycles=N} runs more cycles by hand.
 */
class CrashRecoveryTest {

  private static final int CYCLES = Integer.getInteger("quiver.crash.cycles", 50);

  @Test
  void acknowledgedWritesSurviveSigkill(@TempDir Path dir) throws Exception {
    SplittableRandom rnd = new SplittableRandom(Long.getLong("quiver.crash.seed", 20261122L));
    Set<Long> acked = new HashSet<>();
    Set<Long> deleted = new HashSet<>();
    long nextBatch = 0;
    String[] policies = {"fsync", "group:2ms", "none"};
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      String policy = policies[cycle % policies.length];
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
      cmd.add("-Xmx256m");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(CrashWriter.class.getName());
      cmd.add(dir.toString());
      cmd.add(Long.toString(nextBatch));
      cmd.add(policy);
      Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (!"READY".equals(line)) {
        child.destroyForcibly();
        fail("cycle " + cycle + ": child did not start, said: " + line);
      }
      // Let it write for a random while, reading its acknowledgements as they come.
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + rnd.nextInt(400));
      Set<Long> ackedThisCycle = new HashSet<>();
      Thread reader = Thread.ofPlatform().start(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            String[] parts = l.split(" ");
            long b = Long.parseLong(parts[1]);
            synchronized (ackedThisCycle) {
              if (parts[0].equals("ACK")) {
                ackedThisCycle.add(b);
              } else {
                ackedThisCycle.add(-1 - b); // deletes encoded as negative
              }
            }
          }
        } catch (Exception e) {
          // the stream ends when the child dies
        }
      });
      while (System.nanoTime() < killAt && child.isAlive()) {
        Thread.sleep(5);
      }
      // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe
      // and lose acknowledgements the child wrote just before dying.
      child.toHandle().destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      reader.join(10_000);
      long maxSeen = nextBatch - 1;
      synchronized (ackedThisCycle) {
        for (long x : ackedThisCycle) {
          if (x >= 0) {
            acked.add(x);
            maxSeen = Math.max(maxSeen, x);
          } else {
            deleted.add(-1 - x);
          }
        }
      }
      // One batch beyond the last acknowledged one may be in flight: present entirely or not at all.
      long inFlight = maxSeen + 1;
      try (Quiver db = Quiver.open(dir, QuiverConfig.defaults().withBuildThreads(1))) {
        VectorCollection c = db.collection(CrashWriter.COLLECTION);
        // An interrupted seal, merge or manifest write leaves nothing behind once reopened.
        SegmentedCollectionTest.assertOnlyTheManifestsFiles(dir.resolve("collections").resolve(CrashWriter.COLLECTION));
        long expectedCount = 0;
        for (long b = 0; b <= inFlight; b++) {
          List<PointId> ids = new ArrayList<>();
          for (int i = 0; i < CrashWriter.BATCH; i++) {
            ids.add(PointId.of(b * CrashWriter.BATCH + i));
          }
          List<Point> got = c.get(ids, true, true);
          boolean mayBeEither = b == inFlight || (acked.contains(b) && b + 3 <= maxSeen && !deleted.contains(b)
              && (b + 3) % 7 == 6);
          boolean mustExist = acked.contains(b) && !deleted.contains(b) && !mayBeEither;
          boolean mustBeGone = deleted.contains(b) || (!acked.contains(b) && b != inFlight);
          String where = "cycle " + cycle + " (" + policy + "), batch " + b + " (last acknowledged " + maxSeen + ")";
          assertTrue(got.isEmpty() || got.size() == CrashWriter.BATCH,
              where + " is half-applied: " + got.size() + " of " + CrashWriter.BATCH + " points");
          if (mustExist) {
            assertEquals(CrashWriter.BATCH, got.size(), where + " was acknowledged but is missing");
          }
          if (mustBeGone) {
            assertEquals(0, got.size(), where + " should not exist");
          }
          for (Point p : got) {
            long id = ((PointId.Num) p.id()).value();
            assertArrayEquals(CrashWriter.vectorOf(id), p.vector(), where + " id " + id);
            assertEquals(CrashWriter.payloadOf(id, b).toString(), p.payload().toString(), where + " id " + id);
          }
          if (!got.isEmpty()) {
            expectedCount += got.size();
            if (b == inFlight) {
              acked.add(b); // it is durable now; later cycles must keep it
            }
          } else if (acked.contains(b)) {
            deleted.add(b); // an unacknowledged delete that did land
          }
        }
        assertEquals(expectedCount, c.count(null), "cycle " + cycle + ": stray points");
        // The index works after recovery: the nearest neighbour of a stored vector is itself.
        if (expectedCount > 0) {
          List<Point> any = c.scroll(ScrollRequest.of(1).withVectors(true)).points();
          List<ScoredPoint> hits = c.search(SearchRequest.of(any.get(0).vector(), 1));
          assertEquals(0f, hits.get(0).score(), 1e-4f, "cycle " + cycle + ": search after recovery");
        }
      }
      nextBatch = inFlight + 1;
    }
    System.out.printf("crash test: %d cycles, %d batches acknowledged, %d deleted%n",
        CYCLES, acked.size(), deleted.size());
    assertTrue(acked.size() > CYCLES, "the writer made too little progress to test anything");
  }
}
