package dev.quiver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's main path with the real built-in model (all-MiniLM-L6-v2, found on the class path):
 * a collection bound to it, four documents of four formats uploaded, questions answered by meaning.
 */
class RealModelEndToEndTest {

  @TempDir
  Path dir;

  private static byte[] pdf(String text) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText(text);
        cs.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void documentsOfEveryFormatAreFoundByMeaning() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir))) {
      Http h = new Http(server.uri());
      ServerEndToEndTest.assertOk(h.put("/collections/kb", "{\"vectors\":{\"model\":\"all-MiniLM-L6-v2\"}}"));
      assertEquals(384, h.get("/collections/kb").result().get("config").get("vectors").get("default")
          .get("size").asInt());
      ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=pets.txt",
          utf8("Our cat sleeps on the sofa all afternoon and purrs when stroked."), "text/plain"));
      ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=finance.md",
          utf8("# Results\n\nQuarterly revenue rose eight percent while operating costs fell."), "text/markdown"));
      ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=travel.html",
          utf8("<html><head><title>Trip</title></head><body><p>We hiked to the summit of the mountain"
              + " and camped beside a frozen lake.</p></body></html>"), "text/html"));
      ServerEndToEndTest.assertOk(h.send("POST", "/collections/kb/documents?name=kitchen.pdf",
          pdf("Knead the dough, let it rise for an hour, then bake the bread until golden."),
          "application/pdf"));
      String[][] questions = {
          {"which animal naps on the couch?", "pets.txt"},
          {"how did the company's earnings change?", "finance.md"},
          {"outdoor adventure in the hills", "travel.html"},
          {"recipe for baking a loaf", "kitchen.pdf"}};
      for (String[] q : questions) {
        JsonNode top = h.post("/collections/kb/points/search", "{\"text\":\"" + q[0] + "\",\"limit\":1}")
            .result().get(0);
        assertEquals(q[1], top.get("payload").get("source").asText(), q[0]);
        JsonNode hybrid = h.post("/collections/kb/points/hybrid", "{\"text\":\"" + q[0] + "\",\"limit\":1}")
            .result().get(0);
        assertEquals(q[1], hybrid.get("payload").get("source").asText(), "hybrid: " + q[0]);
      }
    }
  }
}
