package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.QuiverConfig;
import dev.quiver.storage.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, item 1, one client at a time: a request without a key is refused before its body is
 * read and its connection closed; a body that trickles in with a key is cut at the minimum rate.
 * (SlowClientLoadTest checks the same under 300 such clients.)
 */
class SlowBodyTest {

  private static final String KEY = "slow-admin";
  /** Read timeout of the raw sockets: far longer than an answer takes, far shorter than Jetty's idle timeout. */
  private static final int TIMEOUT_MILLIS = 10_000;

  @TempDir
  Path dir;

  private QuiverServer start() throws IOException {
    QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir).withAdminApiKey(KEY)
        .withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)));
    new Http(server.uri()).withKey(KEY).put("/collections/c", "{\"vectors\":{\"size\":2,\"distance\":\"dot\"}}");
    return server;
  }

  @Test
  void withoutAKeyTheAnswerComesBeforeTheBodyAndTheConnectionIsClosed() throws Exception {
    try (QuiverServer server = start()) {
      // a route, an unknown path and a wrong method: none may wait for a body that never comes
      for (String line : new String[] {"POST /collections/c/points/search", "PUT /collections/c/points",
          "POST /no/such/route", "PATCH /collections/c"}) {
        try (Socket s = RawHttp.open(server.port(), TIMEOUT_MILLIS)) {
          OutputStream out = s.getOutputStream();
          // a megabyte announced, one byte sent: the rest never comes
          out.write((line + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          RawHttp.Resp r = RawHttp.read(s.getInputStream());
          String expected = line.startsWith("POST /no") ? "404" : line.startsWith("PATCH") ? "405" : "401";
          assertEquals(expected, Integer.toString(r.status()), () -> line + " -> " + r);
          assertEquals("close", r.headers().get("connection"), () -> line + " -> " + r);
          assertTrue(r.closed(), () -> line + ": the connection should be closed after the refusal");
          if (expected.equals("401")) {
            assertEquals("unauthorized", r.code(), r::toString);
            assertTrue(r.error().contains("api-key"), r::toString);
          }
        }
      }
      // the same requests with the key are not cut short: the handler waits for (and parses) the body
      Http.Resp ok = new Http(server.uri()).withKey(KEY).post("/collections/c/points/search", "{\"vector\":[1,0]}");
      assertEquals(200, ok.status(), ok::toString);
    }
  }

  @Test
  void aBodyTricklingInWithAKeyIsRefusedAtTheMinimumRate() throws Exception {
    try (QuiverServer server = start()) {
      try (Socket s = RawHttp.open(server.port(), TIMEOUT_MILLIS)) {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(("POST /collections/c/points/search HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
            + "\r\napi-key: " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // ten bytes a second, far below the default minimum; bounded so an unbounded server fails the test
        boolean answered = false;
        for (int i = 0; i < 150 && !answered; i++) {
          Thread.sleep(100);
          answered = in.available() > 0;
          if (!answered) {
            try {
              out.write(' ');
              out.flush();
            } catch (IOException e) {
              answered = true; // closed: the answer is waiting to be read
            }
          }
        }
        assertTrue(answered, "a body arriving at 10 bytes/s was still being read after 15 s");
        RawHttp.Resp r = RawHttp.read(in);
        assertEquals(408, r.status(), r::toString);
        assertEquals("request_timeout", r.code(), r::toString);
        assertTrue(r.error().contains("QUIVER_MIN_BODY_RATE"), r::toString);
      }
    }
  }

  @Test
  void connectionsOverThePerClientLimitAreClosedAndFreedSlotsAreReused() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withMaxConnectionsPerClient(3).withEngine(QuiverConfig.defaults().withDurability(Durability.NONE)))) {
      for (int round = 0; round < 2; round++) { // the second round proves the first round's connections were let go
        Socket[] held = new Socket[3];
        try {
          for (int i = 0; i < held.length; i++) {
            held[i] = RawHttp.open(server.port(), TIMEOUT_MILLIS);
            assertEquals(200, ask(held[i], server.port()).status(), "connection " + i + " of 3, round " + round);
          }
          Socket extra = RawHttp.open(server.port(), TIMEOUT_MILLIS); // the kernel accepts; the server hangs up
          try (extra) {
            assertThrows(IOException.class, () -> ask(extra, server.port()), "a 4th connection from one address");
          }
        } finally {
          for (Socket h : held) {
            if (h != null) {
              h.close();
            }
          }
        }
        awaitAnswerOnANewConnection(server.port());
      }
    }
  }

  /** A keep-alive GET /healthz on {@code s}. */
  private static RawHttp.Resp ask(Socket s, int port) throws IOException {
    s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return readOne(s.getInputStream());
  }

  /** Reads one answer without waiting for the connection to close (RawHttp.read would). */
  private static RawHttp.Resp readOne(InputStream in) throws IOException {
    byte[] head = new byte[4096];
    int n = 0;
    for (int b; n < head.length && (b = in.read()) >= 0; ) {
      head[n++] = (byte) b;
      if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') {
        String h = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        int len = Integer.parseInt(h.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
        byte[] body = in.readNBytes(len);
        return new RawHttp.Resp(Integer.parseInt(h.split(" ", 3)[1]), java.util.Map.of(), body, false);
      }
    }
    throw new IOException("the server closed the connection without an answer");
  }

  /** The server learns of closed sockets asynchronously: a new connection works once it has. */
  private static void awaitAnswerOnANewConnection(int port) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Socket s = RawHttp.open(port, TIMEOUT_MILLIS)) {
        assertEquals(200, ask(s, port).status());
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no connection accepted 10 s after the held ones closed", e);
        }
        Thread.sleep(50);
      }
    }
  }
}
