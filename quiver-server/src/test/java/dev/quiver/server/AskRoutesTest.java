package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.engine.QuiverConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /collections/{c}/ask: extractive JSON, generated over SSE via a fake OpenAI-compatible server, errors. */
class AskRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOKENS = List.of("Espresso", " is", " strong\n", " coffee", " [1].");

  @TempDir Path dir;
  private HttpServer llm;
  private final List<JsonNode> prompts = new CopyOnWriteArrayList<>();
  private volatile int llmStatus = 200;

  @BeforeEach
  void fakeLlm() throws Exception {
    llm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    llm.createContext("/v1/chat/completions", ex -> {
      prompts.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
      if (llmStatus != 200) {
        byte[] b = "{\"error\": {\"message\": \"the model is overloaded\"}}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(llmStatus, b.length);
        ex.getResponseBody().write(b);
        ex.close();
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (String t : TOKENS) {
          ObjectNode ev = JSON.createObjectNode();
          ev.putArray("choices").addObject().putObject("delta").put("content", t);
          out.write(("data: " + ev + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    llm.start();
  }

  @AfterEach
  void stop() {
    llm.stop(0);
    System.clearProperty("quiver.llm.url");
    System.clearProperty("quiver.llm.model");
  }

  private QuiverServer start() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
        .withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    return QuiverServer.start(config);
  }

  private static void corpus(Http h) {
    ServerEndToEndTest.assertOk(h.put("/collections/kb", "{\"vectors\":{\"model\":\"word-hash\"}}"));
    ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=coffee.md",
        "# Coffee\n\nEspresso is strong coffee brewed under pressure. Latte adds steamed milk.".getBytes(StandardCharsets.UTF_8),
        "text/markdown"));
    ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=rust.md",
        "# Rust\n\nThe borrow checker enforces ownership rules.".getBytes(StandardCharsets.UTF_8), "text/markdown"));
  }

  @Test
  void extractiveAnswerAndErrors() throws Exception {
    try (QuiverServer server = start()) {
      Http h = new Http(server.uri());
      corpus(h);
      Http.Resp r = h.post("/collections/kb/ask", "{\"question\": \"what is espresso coffee?\", \"limit\": 2, \"mmr\": 0.5}");
      ServerEndToEndTest.assertOk(r);
      JsonNode res = r.result();
      assertEquals("extractive", res.get("mode").asText());
      assertTrue(res.get("model").isNull());
      assertTrue(res.get("answer").asText().startsWith("Extractive answer (no generator configured):"), r::toString);
      assertTrue(res.get("answer").asText().contains("Espresso is strong coffee brewed under pressure. [1]"), r::toString);
      JsonNode s1 = res.get("sources").get(0);
      assertEquals(1, s1.get("number").asInt());
      assertEquals("coffee.md", s1.get("source").asText());
      assertEquals(0, s1.get("chunk").asInt());
      assertTrue(s1.has("start") && s1.has("end") && s1.has("text") && s1.has("score"), s1::toString);

      Http.Resp filtered = h.post("/collections/kb/ask", "{\"question\": \"what is espresso?\", "
          + "\"filter\": {\"must\": [{\"key\": \"source\", \"match\": {\"value\": \"rust.md\"}}]}}");
      ServerEndToEndTest.assertOk(filtered);
      assertEquals("rust.md", filtered.result().get("sources").get(0).get("source").asText());
      assertEquals(1, filtered.result().get("sources").size());

      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"question\": \"  \"}"), 400, "bad_request", "question");
      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"limit\": 3}"), 400, "bad_request", "question");
      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"question\": \"q\", \"k\": 3}"), 400,
          "bad_request", "\"k\"");
      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"question\": \"q\", \"mmr\": 2}"), 400,
          "bad_request", "mmr");
      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"question\": \"q\", \"filter\": {\"must\": 3}}"),
          400, "invalid_filter");
      ServerEndToEndTest.assertError(h.post("/collections/nope/ask", "{\"question\": \"q\"}"), 404, "not_found", "nope");
    }
  }

  @Test
  void generatedAnswerStreamsAsServerSentEvents() throws Exception {
    System.setProperty("quiver.llm.url", "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1");
    System.setProperty("quiver.llm.model", "fake-chat");
    try (QuiverServer server = start()) {
      Http h = new Http(server.uri());
      corpus(h);
      HttpClient client = HttpClient.newHttpClient();
      HttpRequest req = HttpRequest.newBuilder(server.uri().resolve("/collections/kb/ask"))
          .header("Content-Type", "application/json").header("Accept", "text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"what is espresso?\", \"limit\": 2}")).build();
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, resp.statusCode());
      assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
      List<String[]> events = readEvents(resp.body());
      assertEquals("sources", events.get(0)[0]);
      JsonNode sources = JSON.readTree(events.get(0)[1]);
      assertEquals("coffee.md", sources.get(0).get("source").asText());
      List<String> tokens = new ArrayList<>();
      for (String[] e : events.subList(1, events.size() - 1)) {
        assertEquals("token", e[0]);
        tokens.add(JSON.readTree(e[1]).asText());
      }
      assertEquals(TOKENS, tokens);
      String[] done = events.get(events.size() - 1);
      assertEquals("done", done[0]);
      JsonNode result = JSON.readTree(done[1]);
      assertEquals("generated", result.get("mode").asText());
      assertEquals("fake-chat", result.get("model").asText());
      assertEquals(String.join("", TOKENS), result.get("answer").asText());

      String user = prompts.get(0).at("/messages/1/content").asText();
      assertTrue(user.contains("[1] (coffee.md, chunk 0"), user);
      assertTrue(user.contains("Espresso is strong coffee brewed under pressure."), user);
      assertTrue(user.contains("Question: what is espresso?"), user);
      assertEquals("fake-chat", prompts.get(0).get("model").asText());

      // the same as one JSON envelope
      Http.Resp whole = h.post("/collections/kb/ask", "{\"question\": \"what is espresso?\"}");
      ServerEndToEndTest.assertOk(whole);
      assertEquals(String.join("", TOKENS), whole.result().get("answer").asText());

      // generator failure: 502 with the upstream's message; mid-stream an error event
      llmStatus = 503;
      ServerEndToEndTest.assertError(h.post("/collections/kb/ask", "{\"question\": \"espresso?\"}"), 502,
          "bad_gateway", "HTTP 503", "the model is overloaded", "/v1/chat/completions");
      HttpResponse<InputStream> failed = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      List<String[]> ev = readEvents(failed.body());
      assertEquals("sources", ev.get(0)[0]);
      assertEquals("error", ev.get(ev.size() - 1)[0]);
      JsonNode err = JSON.readTree(ev.get(ev.size() - 1)[1]);
      assertEquals("bad_gateway", err.at("/status/code").asText());
      assertTrue(err.at("/status/error").asText().contains("overloaded"));
    }
  }

  private static List<String[]> readEvents(InputStream in) throws Exception {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.isEmpty() && event != null) {
          out.add(new String[] {event, data.toString()});
          event = null;
          data.setLength(0);
        }
      }
    }
    return out;
  }
}
