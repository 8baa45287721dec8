package dev.quiver.client;

import static dev.quiver.client.VectorCollectionContract.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.quiver.api.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client makes of responses a Quiver server would not send: a proxy's pages, a hang, odd envelopes. */
class TransportTest {

  HttpServer http;
  final AtomicReference<Object[]> reply = new AtomicReference<>(); // {status, content type, body}
  final List<String> seen = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", ex -> {
      synchronized (seen) {
        seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " key="
            + ex.getRequestHeaders().getFirst("api-key"));
      }
      ex.getRequestBody().readAllBytes();
      Object[] r = reply.get();
      byte[] body = ((String) r[2]).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", (String) r[1]);
      ex.sendResponseHeaders((int) r[0], body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  void reply(int status, String type, String body) {
    reply.set(new Object[] {status, type, body});
  }

  @Test
  void proxyPagesAndOddEnvelopes() {
    try (QuiverClient c = QuiverClient.builder(uri()).apiKey("k").build()) {
      reply(502, "text/html", "<html>Bad Gateway</html>");
      UncheckedIOException io = assertFails(UncheckedIOException.class, c::collectionNames, "Bad Gateway");
      assertTrue(io.getMessage().contains(uri() + "/collections"), io.getMessage());

      reply(401, "text/plain", "");
      assertFails(SecurityException.class, () -> c.hasCollection("x"), "HTTP 401");
      reply(403, "application/json", "{\"status\": {\"error\": \"read-only key\", \"code\": \"forbidden\"}, \"time\": 0}");
      assertFails(SecurityException.class, () -> c.deleteCollection("x"), "read-only key");
      reply(503, "application/json", "{\"status\": {\"error\": \"shutting down\", \"code\": \"unavailable\"}}");
      assertEquals(dev.quiver.api.ApiErrorCode.UNAVAILABLE,
          assertFails(ApiException.class, c::collectionNames, "shutting down").code());
      reply(500, "application/json", "{\"status\": {\"error\": \"I/O error: disk full\", \"code\": \"internal\"}}");
      UncheckedIOException internal = assertFails(UncheckedIOException.class, c::collectionNames, "disk full");
      assertTrue(internal.getMessage().contains("GET " + uri() + "/collections"), internal.getMessage());
      reply(400, "application/json", "{\"status\": {\"error\": \"bad thing\", \"code\": \"some_new_code\"}}");
      assertFails(IllegalArgumentException.class, c::collectionNames, "bad thing");
      reply(200, "text/plain", "hello");
      assertFails(UncheckedIOException.class, c::collectionNames, "not a JSON envelope");
      reply(200, "application/json", "{\"status\": \"ok\"}");
      assertFails(ApiException.class, c::collectionNames, "no result");
    }
    assertTrue(seen.stream().allMatch(s -> s.endsWith("key=k")), seen::toString);
  }

  @Test
  void namesAreEncodedAsOnePathSegment() {
    reply(200, "application/json", "{\"result\": {\"exists\": false}, \"status\": \"ok\"}");
    try (QuiverClient c = QuiverClient.connect(URI.create(uri() + "/"))) {
      c.hasCollection("a b/c?d#e%");
    }
    assertEquals(List.of("GET /collections/a%20b%2Fc%3Fd%23e%25/exists key=null"), seen);
  }

  @Test
  void aServerThatNeverAnswersTimesOutNamingTheUrl() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try (Socket s = silent.accept()) {
          s.getInputStream().read(new byte[1 << 16]); // read the request, never answer
          Thread.sleep(30_000);
        } catch (IOException | InterruptedException e) {
          // closed by the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      URI u = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      try (QuiverClient c = QuiverClient.builder(u).timeout(Duration.ofMillis(300)).build()) {
        UncheckedIOException e = assertFails(UncheckedIOException.class, c::collectionNames, u + "/collections");
        assertTrue(e.getCause() instanceof java.net.http.HttpTimeoutException, e::toString);
      }
      acceptor.interrupt();
    }
  }
}
