package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver ask} with the real all-MiniLM-L6-v2 model: extractive answers offline, generated
 * answers streamed from a fake OpenAI-compatible server on loopback; embedded and through a server.
 */
class AskCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOKENS = List.of("The", " bread", " bakes", " until", " golden", " [1].");

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
        byte[] b = "{\"error\": \"model \\\"tiny\\\" not found, try pulling it first\"}".getBytes(StandardCharsets.UTF_8);
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
  }

  private String llmUrl() {
    return "http://127.0.0.1:" + llm.getAddress().getPort() + "/v1";
  }

  private void flow(Cli cli) throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("kitchen.md"), "# Bread\n\nKnead the dough for ten minutes. Let the dough rise for"
        + " one hour in a warm place. Bake the bread at 220 degrees until the crust is golden.");
    Files.writeString(docs.resolve("garden.txt"), "Tomatoes need six hours of sun a day. Water the plants in the"
        + " early morning so the leaves dry before night.");
    assertEquals(0, cli.run("create", "kb", "--model", "all-MiniLM-L6-v2").exit());
    assertEquals(0, cli.run("ingest", "kb", docs.toString()).exit());

    Cli.Result ex = cli.run("ask", "kb", "How long should the dough rise?", "--limit", "2", "--extractive");
    assertEquals(0, ex.exit(), ex.toString());
    assertTrue(ex.out().startsWith("Extractive answer (no generator configured):"), ex.toString());
    assertTrue(ex.out().contains("Let the dough rise for one hour in a warm place. [1]"), ex.toString());
    assertTrue(ex.out().contains("Sources:\n[1] ") && ex.out().contains("kitchen.md, chunk 0, chars 0-"), ex.toString());

    Cli.Result js = cli.run("ask", "kb", "When should I water the plants?", "--json", "--mmr", "0.5", "--extractive");
    assertEquals(0, js.exit(), js.toString());
    JsonNode r = JSON.readTree(js.out());
    assertEquals("extractive", r.get("mode").asText());
    assertTrue(r.get("sources").get(0).get("source").asText().endsWith("garden.txt"), js.toString());
    assertTrue(r.get("answer").asText().contains("Water the plants in the early morning so the leaves dry before night. [1]"),
        js.toString());

    Path garden = Files.writeString(dir.resolve("garden-only.json"),
        "{\"must\": [{\"key\": \"source\", \"match\": {\"value\": \"" + docs.resolve("garden.txt") + "\"}}]}");
    Cli.Result filtered = cli.run("ask", "kb", "How long should the dough rise?", "--json", "--extractive",
        "--filter", "@" + garden);
    assertEquals(0, filtered.exit(), filtered.toString());
    JsonNode only = JSON.readTree(filtered.out()).get("sources");
    assertTrue(only.size() >= 1, filtered.toString());
    only.forEach(src -> assertTrue(src.get("source").asText().endsWith("garden.txt"), filtered.toString()));

    Cli.Result gen = cli.run("ask", "kb", "How is the bread baked?", "--limit", "1",
        "--llm-url", llmUrl(), "--llm-model", "tiny", "--llm-api-key", "k1");
    assertEquals(0, gen.exit(), gen.toString());
    assertTrue(gen.out().startsWith(String.join("", TOKENS) + "\n\nSources:\n[1] "), gen.toString());
    assertTrue(gen.out().contains("kitchen.md") && gen.out().contains("(generated by tiny)"), gen.toString());
    JsonNode prompt = prompts.get(prompts.size() - 1);
    String user = prompt.at("/messages/1/content").asText();
    assertTrue(user.contains("[1] (") && user.contains("Bake the bread at 220 degrees until the crust is golden."), user);
    assertTrue(user.contains("Question: How is the bread baked?"), user);
    assertEquals("tiny", prompt.get("model").asText());

    llmStatus = 404;
    Cli.Result bad = cli.run("ask", "kb", "How is the bread baked?", "--llm-url", llmUrl(), "--llm-model", "tiny");
    assertEquals(ExitCodes.UNAVAILABLE, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("HTTP 404") && bad.err().contains("not found, try pulling it first")
        && bad.err().contains(llmUrl() + "/chat/completions"), bad.toString());
    llmStatus = 200;

    Cli.Result usage = cli.run("ask", "kb", "q", "--llm-url", llmUrl());
    assertEquals(ExitCodes.USAGE, usage.exit(), usage.toString());
    assertTrue(usage.err().contains("model is required"), usage.toString());
    assertEquals(ExitCodes.NOT_FOUND, cli.run("ask", "nope", "q", "--extractive").exit());
  }

  @Test
  void embedded() throws Exception {
    flow(new Cli("--data", dir.resolve("db").toString()));
  }

  @Test
  void throughAServer() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("srv")))) {
      flow(new Cli("--url", server.uri().toString()));
    }
  }
}
