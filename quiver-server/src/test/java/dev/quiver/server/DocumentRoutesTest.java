package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.engine.QuiverConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document upload: ingest, search the chunks, re-post unchanged and changed, errors. */
class DocumentRoutesTest {

  @TempDir
  Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void uploadSearchAndReplaceDocuments() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir)
        .withEngine(QuiverConfig.defaults().withModels(WordHashModel.provider("1")));
    try (QuiverServer server = QuiverServer.start(config)) {
      Http h = new Http(server.uri());
      ServerEndToEndTest.assertOk(h.put("/collections/kb", "{\"vectors\":{\"model\":\"word-hash\"}}"));
      Http.Resp r = h.send("POST", "/collections/kb/documents?name=guide.md",
          utf8("# Guide\n\nThe borrow checker enforces ownership. Lifetimes annotate references."),
          "text/markdown");
      ServerEndToEndTest.assertOk(r);
      assertEquals("added", r.result().get("status").asText());
      assertEquals("Guide", r.result().get("title").asText());
      ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=notes.html",
          utf8("<html><head><title>Espresso</title></head><body><p>Espresso is strong coffee.</p></body></html>"),
          "text/html"));

      JsonNode hit = h.post("/collections/kb/points/search", "{\"text\":\"espresso coffee\",\"limit\":1}").result().get(0);
      assertEquals("notes.html", hit.get("payload").get("source").asText());
      JsonNode kw = h.post("/collections/kb/points/keyword", "{\"text\":\"borrow checker\",\"limit\":1}").result().get(0);
      assertEquals("guide.md", kw.get("payload").get("source").asText());

      Http.Resp same = h.send("POST", "/collections/kb/documents?name=guide.md",
          utf8("# Guide\n\nThe borrow checker enforces ownership. Lifetimes annotate references."),
          "application/octet-stream");
      assertEquals("unchanged", same.result().get("status").asText());
      Http.Resp changed = h.send("POST", "/collections/kb/documents?name=guide.md&chunk_tokens=64",
          utf8("# Guide\n\nTraits define shared behaviour."), null);
      assertEquals("replaced", changed.result().get("status").asText());
      long guideChunks = h.post("/collections/kb/points/count",
          "{\"filter\":{\"must\":[{\"key\":\"source\",\"match\":{\"value\":\"guide.md\"}}]}}").result().get("count").asLong();
      assertEquals(changed.result().get("chunks").asLong(), guideChunks);

      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents", utf8("x"), "text/plain"),
          400, "bad_request", "'name' is required");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents?name=a.docx", utf8("x"), null),
          400, "bad_request", "a.docx", ".pdf");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents?name=a.pdf", utf8("not a pdf"), null),
          400, "bad_request", "a.pdf");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents?name=a.txt&chunk_tokens=abc",
          utf8("x"), null), 400, "bad_request", "chunk_tokens", "abc");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents?name=a.txt&overlap_tokens=500",
          utf8("x"), null), 400, "bad_request", "overlap");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/kb/documents?name=a.txt", utf8("{}"),
          "application/json"), 415, "unsupported_media_type", "application/json");
      ServerEndToEndTest.assertError(h.send("POST", "/collections/nope/documents?name=a.txt", utf8("x"), null),
          404, "not_found", "nope");
      ServerEndToEndTest.assertOk(h.put("/collections/plain", "{\"vectors\":{\"size\":4,\"distance\":\"cosine\"}}"));
      ServerEndToEndTest.assertError(h.send("POST", "/collections/plain/documents?name=a.txt", utf8("hello"), null),
          400, "bad_request", "not bound to an embedding model");
      assertTrue(h.get("/metrics").body().contains("/collections/{c}/documents"));
    }
  }
}
