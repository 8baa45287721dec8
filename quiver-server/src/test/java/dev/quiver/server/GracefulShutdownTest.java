package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** close() lets requests in flight finish and closes the database: acknowledged writes survive a reopen. */
class GracefulShutdownTest {

  @TempDir
  Path dir;

  @Test
  void acknowledgedWritesSurviveCloseAndReopen() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir);
    try (QuiverServer server = QuiverServer.start(config)) {
      Http http = new Http(server.uri());
      assertEquals(200, http.put("/collections/g", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}").status());
      for (int i = 0; i < 30; i++) {
        assertEquals(200, http.put("/collections/g/points",
            "{\"points\":[{\"id\":" + i + ",\"vector\":[1," + i + "],\"payload\":{\"i\":" + i + "}}]}").status());
      }
      assertEquals(200, http.post("/collections/g/points/payload", "{\"payload\":{\"x\":true},\"points\":[3]}").status());
      assertEquals(200, http.post("/collections/g/points/delete", "{\"points\":[4]}").status());
    }
    try (QuiverServer server = QuiverServer.start(config)) {
      Http http = new Http(server.uri());
      assertEquals(29, http.post("/collections/g/points/count", "{}").result().get("count").asLong());
      assertTrue(http.get("/collections/g/points/3").result().get("payload").get("x").asBoolean());
      assertEquals(404, http.get("/collections/g/points/4").status());
      assertEquals(29, http.get("/collections/g/points/29").result().get("payload").get("i").asInt());
    }
  }

  @Test
  void aTakenPortOrFolderIsAClearStartupError() throws Exception {
    try (QuiverServer first = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("a")))) {
      java.io.IOException port = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
          () -> QuiverServer.start(ServerConfig.defaults().withPort(first.port()).withDataDir(dir.resolve("b"))));
      assertTrue(port.getMessage().contains("cannot listen on 127.0.0.1:" + first.port()), port::getMessage);
      Exception folder = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
          () -> QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("a"))));
      assertTrue(folder.getMessage().contains("in use"), folder::getMessage);
      // the refused starts left the first server and the second folder usable
      assertEquals(200, new Http(first.uri()).get("/healthz").status());
    }
    try (QuiverServer b = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("b")))) {
      assertEquals(200, new Http(b.uri()).get("/readyz").status());
    }
  }

  @Test
  void closeWhileWritersRunKeepsEveryAcknowledgedWrite() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir);
    Set<Long> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger refused = new AtomicInteger();
    QuiverServer server = QuiverServer.start(config);
    Http http = new Http(server.uri());
    assertEquals(200, http.put("/collections/w", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}").status());
    AtomicLong ids = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      writers.add(pool.submit(() -> {
        for (int n = 0; n < 5_000; n++) { // bounded; close() ends it much sooner
          long id = ids.getAndIncrement();
          try {
            Http.Resp r = http.put("/collections/w/points", "{\"points\":[{\"id\":" + id + ",\"vector\":[1,2]}]}");
            if (r.status() == 200) {
              acked.add(id);
            } else {
              assertEquals(503, r.status(), r::toString);
              // ours names the reason; Jetty's own (once its context is stopping) has an empty body
              assertTrue(r.bytes().length == 0 || r.error().contains("shutting down"), r::toString);
              refused.incrementAndGet();
              return;
            }
          } catch (UncheckedIOException e) {
            refused.incrementAndGet(); // connection refused or closed once the server stopped
            return;
          }
        }
      }));
    }
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acked.size() < 30 && System.nanoTime() < waitUntil) {
      Thread.sleep(5);
    }
    server.close();
    for (Future<?> f : writers) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(acked.size() >= 30, () -> "writers acknowledged only " + acked.size());

    try (QuiverServer again = QuiverServer.start(config)) {
      Http h = new Http(again.uri());
      List<Long> list = new ArrayList<>(acked);
      Http.Resp r = h.post("/collections/w/points", "{\"ids\":" + list + ",\"with_payload\":false}");
      assertEquals(200, r.status(), r::toString);
      assertEquals(list.size(), r.result().size(), "acknowledged writes lost across close");
    }
  }
}
