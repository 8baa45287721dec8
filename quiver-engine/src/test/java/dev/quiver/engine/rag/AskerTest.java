package dev.quiver.engine.rag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.FakeEmbeddingModel;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.ingest.Ingester;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asker with a fake OpenAI-compatible server on loopback, MMR, errors. */
class AskerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TOKENS = List.of("Lava", " cools", " into", " basalt", " [2].");

  @TempDir Path dir;
  private HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String errorBody = "";

  @BeforeEach
  void startFakeLlm() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> {
      requests.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
      authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      if (status != 200) {
        byte[] b = errorBody.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        out.write(("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
        for (String t : TOKENS) {
          ObjectNode ev = JSON.createObjectNode();
          ev.putArray("choices").addObject().putObject("delta").put("content", t);
          out.write(("data: " + ev + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private Quiver open() throws Exception {
    FakeEmbeddingModel model = new FakeEmbeddingModel("fake-words", "v1", 128);
    return Quiver.open(dir.resolve("db"), QuiverConfig.defaults().withModels(FakeEmbeddingModel.provider(model)));
  }

  private VectorCollection corpus(Quiver db) throws Exception {
    VectorCollection c = db.createCollection("notes", CollectionConfig.single(VectorParams.forModel("fake-words")));
    Path d = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(d.resolve("cats.txt"), "Cats purr when content. A cat sleeps most of the day.");
    Files.writeString(d.resolve("volcano.md"), "# Volcanoes\n\nVolcanoes erupt molten lava. Lava cools into basalt rock.");
    Files.writeString(d.resolve("coffee.txt"), "Espresso is brewed by forcing hot water through ground coffee.");
    new Ingester(c, ChunkingConfig.of(200, 30)).ingest(List.of(d), new Ingester.Listener() { });
    return c;
  }

  @Test
  void promptCarriesNumberedSourcesAndTokensStreamInOrder() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = corpus(db);
      Generator g = new OpenAiCompatibleGenerator(new GeneratorConfig(baseUrl(), "tiny-llm", "sk-test"));
      List<String> got = new ArrayList<>();
      List<Source> announced = new ArrayList<>();
      AskResult r = new Asker(c, g, null).ask(AskRequest.of("what does lava cool into?").withLimit(2),
          announced::addAll, got::add);
      assertEquals(TOKENS, got);
      assertEquals(String.join("", TOKENS), r.answer());
      assertEquals(AskResult.GENERATED, r.mode());
      assertEquals("tiny-llm", r.model());
      assertEquals(2, r.sources().size());
      assertEquals(r.sources(), announced);
      assertTrue(r.sources().get(0).source().endsWith("volcano.md"), r.sources().get(0).source());
      assertEquals(1, r.sources().get(0).number());
      assertEquals(0, r.sources().get(0).chunk());

      assertEquals(1, requests.size());
      JsonNode req = requests.get(0);
      assertEquals("tiny-llm", req.get("model").asText());
      assertTrue(req.get("stream").asBoolean());
      assertEquals("Bearer sk-test", authHeaders.get(0));
      assertEquals("system", req.at("/messages/0/role").asText());
      assertTrue(req.at("/messages/0/content").asText().contains("[1]"));
      String user = req.at("/messages/1/content").asText();
      assertTrue(user.contains("Question: what does lava cool into?"), user);
      for (Source s : r.sources()) {
        assertTrue(user.contains("[" + s.number() + "] (" + s.source()), user);
        assertTrue(user.contains(s.text().strip()), user);
      }
      assertTrue(user.contains("Lava cools into basalt rock."), user);
    }
  }

  @Test
  void filterRestrictsTheSources() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = corpus(db);
      String cats = dir.resolve("docs").resolve("cats.txt").toString();
      AskResult r = new Asker(c, null, null).ask(AskRequest.of("what does lava cool into?")
          .withFilter(Filter.parse("{\"must\": [{\"key\": \"source\", \"match\": {\"value\": \"" + cats + "\"}}]}")));
      assertEquals(1, r.sources().size());
      assertEquals(cats, r.sources().get(0).source());
      assertEquals(AskResult.EXTRACTIVE, r.mode());
      assertNull(r.model());
      assertTrue(r.answer().startsWith(ExtractiveAnswerer.LABEL), r.answer());
    }
  }

  @Test
  void generatorErrorsNameUrlStatusAndMessage() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = corpus(db);
      status = 404;
      errorBody = "{\"error\": {\"message\": \"model 'nope' not found, try pulling it first\"}}";
      Asker asker = new Asker(c, new OpenAiCompatibleGenerator(new GeneratorConfig(baseUrl(), "nope", null)), null);
      GeneratorException e = assertThrows(GeneratorException.class, () -> asker.ask(AskRequest.of("lava?")));
      assertTrue(e.getMessage().contains(baseUrl() + "/chat/completions"), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
      assertTrue(e.getMessage().contains("model 'nope' not found"), e.getMessage());
      assertEquals("null", authHeaders.get(0));

      server.stop(0);
      GeneratorException down = assertThrows(GeneratorException.class, () -> asker.ask(AskRequest.of("lava?")));
      assertTrue(down.getMessage().contains("cannot reach the generator at " + baseUrl()), down.getMessage());
    }
  }

  @Test
  void aStalledStreamTimesOut() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    server.createContext("/stall/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write("data: {\"choices\":[{\"delta\":{\"content\":\"Half\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        release.await(); // goes quiet: the client must give up on its own
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    GeneratorConfig cfg = new GeneratorConfig("http://127.0.0.1:" + server.getAddress().getPort() + "/stall", "m",
        null, java.time.Duration.ofMillis(300));
    List<String> got = new ArrayList<>();
    GeneratorException e = assertThrows(GeneratorException.class,
        () -> new OpenAiCompatibleGenerator(cfg).generate(List.of(ChatMessage.user("q")), got::add));
    assertEquals(List.of("Half"), got);
    assertTrue(e.getMessage().contains("sent nothing for 300 ms"), e.getMessage());
    release.countDown();
  }

  @Test
  void requestAndConfigValidation() {
    assertThrows(IllegalArgumentException.class, () -> AskRequest.of(" "));
    assertThrows(IllegalArgumentException.class, () -> AskRequest.of("q").withLimit(0));
    assertThrows(IllegalArgumentException.class, () -> AskRequest.of("q").withMmr(1.5));
    assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("ftp://x", "m", null));
    assertThrows(IllegalArgumentException.class, () -> new GeneratorConfig("http://x/v1", null, null));
    assertNull(GeneratorConfig.resolve(null, null, null, Map.of()));
    GeneratorConfig g = GeneratorConfig.resolve(null, "m2", null,
        Map.of(GeneratorConfig.URL_ENV, "http://h:1/v1/", GeneratorConfig.MODEL_ENV, "m1"));
    assertEquals("http://h:1/v1/chat/completions", g.endpoint().toString());
    assertEquals("m2", g.model());
    assertEquals("http://h:1/v1/chat/completions",
        new GeneratorConfig("http://h:1/v1/chat/completions", "m", null).endpoint().toString());
  }

  @Test
  void mmrDiversifiesNearDuplicates() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("dups", CollectionConfig.single(VectorParams.forModel("fake-words")));
      String dup = "reactor cooling pump failed during night shift";
      List<Point> pts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pts.add(new Point(PointId.of(i + 1), Map.of(), text(dup + ".!?;".charAt(i))));
      }
      pts.add(new Point(PointId.of(10), Map.of(), text("reactor pump alarm logged by maintenance")));
      c.upsert(pts);
      AskRequest q = AskRequest.of("reactor pump failed").withLimit(2);
      List<Source> plain = new Retriever(c).retrieve(q);
      Set<String> plainIds = ids(plain);
      assertTrue(!plainIds.contains("10"), "without MMR the two best are near duplicates: " + plainIds);
      List<Source> diverse = new Retriever(c).retrieve(q.withMmr(0.5));
      assertEquals(2, diverse.size());
      assertTrue(ids(diverse).contains("10"), "MMR should bring in the different passage: " + ids(diverse));
      assertEquals(plain.get(0).id(), diverse.get(0).id());
      assertEquals(List.of(1, 2), diverse.stream().map(Source::number).toList());
    }
  }

  private static Set<String> ids(List<Source> s) {
    Set<String> out = new HashSet<>();
    s.forEach(x -> out.add(x.id().toString()));
    return out;
  }

  private static ObjectNode text(String t) {
    return JsonNodeFactory.instance.objectNode().put("text", t);
  }
}
