package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, item 1, under load: 300 connections without a key trickle request bodies (a byte per
 * connection per second, reconnecting when the server hangs up, as an attacker would) while a client
 * with the key searches and a probe asks {@code /healthz}. The searches' p99 must stay within 10x
 * of its value without the trickle, and every probe must be answered.
 *
 * <p>This is the one server test that compares latencies, because the acceptance of the issue is a
 * latency ratio. To hold on a busy 2-core CI machine it compares against a floor of
 * {@value #FLOOR_MILLIS} ms for the unloaded p99 (a loaded machine's own jitter), takes 300
 * samples on each side, and sends the searches one at a time over one kept-alive connection. The
 * server before the fix held a thread per trickling body until the body ended, which they never
 * do: its pool ran out, and searches and probes waited for the request timeout.
 */
class SlowClientLoadTest {

  private static final String KEY = "load-admin";
  private static final int SLOW_CLIENTS = 300;
  private static final int SAMPLES = 300;
  private static final int DIM = 32;
  private static final double FLOOR_MILLIS = 10;
  private static final double MAX_RATIO = 10;
  /** A search or probe slower than this counts as failed (the ratio would fail anyway). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  @Test
  void tricklingClientsWithoutAKeyDoNotSlowSearchesOrHealthProbes() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withAdminApiKey(KEY).withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)))) {
      Http search = new Http(server.uri()).withKey(KEY).withTimeout(REQUEST_TIMEOUT);
      Random rnd = new Random(17);
      assertEquals(200, search.put("/collections/c", "{\"vectors\":{\"size\":" + DIM + ",\"distance\":\"cosine\"}}")
          .status());
      for (int from = 0; from < 2_000; from += 500) {
        StringBuilder sb = new StringBuilder("{\"points\":[");
        for (int id = from; id < from + 500; id++) {
          sb.append(id == from ? "" : ",").append("{\"id\":").append(id).append(",\"vector\":").append(vector(rnd))
              .append('}');
        }
        Http.Resp r = search.put("/collections/c/points", sb.append("]}").toString());
        assertEquals(200, r.status(), r::toString);
      }
      searches(search, rnd, 100, null); // warm-up: JIT, connection
      double unloaded = p99(searches(search, rnd, SAMPLES, null));

      Trickle trickle = new Trickle(server.port());
      Probe probe = new Probe(new Http(server.uri()).withTimeout(REQUEST_TIMEOUT));
      double loaded;
      List<String> failures = new ArrayList<>();
      try {
        trickle.start();
        probe.start();
        trickle.awaitAllConnectedOnce();
        loaded = p99(searches(search, rnd, SAMPLES, failures));
      } finally {
        probe.stop();
        trickle.stop();
      }
      System.out.printf("SlowClientLoadTest: search p99 %.2f ms alone, %.2f ms beside %d trickling clients"
          + " (%d connections opened); /healthz %d probes, max %.2f ms, %d failed%n", unloaded, loaded, SLOW_CLIENTS,
          trickle.connects.get(), probe.answered.get(), probe.maxMillis, probe.failures.size());

      assertTrue(failures.isEmpty(), () -> "searches failed beside the trickling clients: " + failures);
      assertTrue(probe.failures.isEmpty(), () -> "/healthz failed beside the trickling clients: " + probe.failures);
      assertTrue(probe.answered.get() > 0, "no /healthz probe ran");
      double limit = MAX_RATIO * Math.max(unloaded, FLOOR_MILLIS);
      assertTrue(loaded < limit, () -> String.format("search p99 %.2f ms beside the trickling clients is over %.0fx"
          + " its unloaded %.2f ms (floor %.0f ms)", loaded, MAX_RATIO, unloaded, FLOOR_MILLIS));
      // the server still serves normally after the storm
      assertEquals(200, search.get("/healthz").status());
    }
  }

  /** Latencies in ms of {@code n} searches; a failure is recorded (and stops the run early) when {@code failures} is given. */
  private static double[] searches(Http http, Random rnd, int n, List<String> failures) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      String body = "{\"vector\":" + vector(rnd) + ",\"limit\":10}";
      long t0 = System.nanoTime();
      String failed;
      try {
        Http.Resp r = http.post("/collections/c/points/search", body);
        failed = r.status() == 200 ? null : r.toString();
      } catch (RuntimeException e) {
        failed = e.toString();
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (failed != null) {
        if (failures == null) {
          throw new AssertionError("search failed without load: " + failed);
        }
        failures.add("#" + i + ": " + failed);
        if (failures.size() >= 3) {
          return Arrays.copyOf(ms, i + 1);
        }
      }
    }
    return ms;
  }

  private static double p99(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return s[(int) Math.ceil(0.99 * s.length) - 1];
  }

  private static String vector(Random rnd) {
    StringBuilder sb = new StringBuilder("[");
    for (int d = 0; d < DIM; d++) {
      sb.append(d == 0 ? "" : ",").append(rnd.nextFloat() - 0.5f);
    }
    return sb.append(']').toString();
  }

  /**
   * One thread keeping {@value #SLOW_CLIENTS} connections, each announcing a 1 MB search body
   * without a key and sending one byte of it per second; a connection the server closed is opened
   * again on the next round. Owns its sockets; {@link #stop()} closes them all.
   */
  private static final class Trickle {
    private final int port;
    private final Socket[] sockets = new Socket[SLOW_CLIENTS];
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger connects = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch firstRound = new java.util.concurrent.CountDownLatch(1);
    private final Thread thread = new Thread(this::run, "slow-clients");
    private final byte[] head;

    Trickle(int port) {
      this.port = port;
      this.head = ("POST /collections/c/points/search HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1);
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    void awaitAllConnectedOnce() throws InterruptedException {
      assertTrue(firstRound.await(30, TimeUnit.SECONDS), "the slow clients did not connect within 30 s");
      Thread.sleep(3_000); // a few more rounds: every connection has been dispatched and trickles
    }

    private void run() {
      try {
        while (running.get()) {
          long round = System.nanoTime();
          for (int i = 0; i < SLOW_CLIENTS && running.get(); i++) {
            try {
              if (sockets[i] == null) {
                sockets[i] = RawHttp.open(port, 2_000);
                sockets[i].getOutputStream().write(head);
                connects.incrementAndGet();
              } else {
                sockets[i].getOutputStream().write(' ');
              }
            } catch (IOException e) {
              close(i); // refused or hung up: again next round
            }
          }
          firstRound.countDown();
          long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - round);
          if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          close(i);
        }
      }
    }

    private void close(int i) {
      if (sockets[i] != null) {
        try {
          sockets[i].close();
        } catch (IOException e) {
          // closing anyway
        }
        sockets[i] = null;
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.interrupt();
      thread.join(10_000);
      assertTrue(!thread.isAlive(), "the slow-client thread did not stop");
    }
  }

  /** Asks {@code /healthz} every 100 ms on its own thread; records slow or failed answers. */
  private static final class Probe {
    private final Http http;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile double maxMillis;
    private final Thread thread = new Thread(this::run, "healthz-probe");

    Probe(Http http) {
      this.http = http;
    }

    void start() {
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      while (running.get()) {
        long t0 = System.nanoTime();
        try {
          Http.Resp r = http.get("/healthz");
          if (r.status() != 200) {
            failures.add(r.toString());
          } else {
            answered.incrementAndGet();
          }
        } catch (UncheckedIOException | IllegalStateException e) {
          if (running.get()) {
            failures.add(e.toString());
          }
        }
        maxMillis = Math.max(maxMillis, (System.nanoTime() - t0) / 1e6);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false); // not interrupted: a probe in flight finishes (within its timeout)
      thread.join(10_000);
      assertTrue(!thread.isAlive(), "the probe thread did not stop");
    }
  }
}
