package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver ingest} end to end with the real built-in model: a folder of .txt, .md, .html and
 * .pdf files, searched by meaning, re-ingested idempotently; embedded and through a server.
 */
class IngestCommandTest {

  @TempDir Path dir;

  private Path folder() throws Exception {
    Path d = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(d.resolve("pets.txt"), "Our cat sleeps on the sofa all afternoon and purrs when stroked.");
    Files.writeString(d.resolve("finance.md"), "# Results\n\nQuarterly revenue rose eight percent while costs fell.");
    Files.writeString(d.resolve("travel.html"), "<html><head><title>Trip</title></head><body><p>We hiked to the"
        + " summit of the mountain and camped beside a frozen lake.</p></body></html>");
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Knead the dough, let it rise for an hour, then bake the bread until golden.");
        cs.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      Files.write(d.resolve("kitchen.pdf"), out.toByteArray());
    }
    return d;
  }

  private void flow(Cli cli) throws Exception {
    Path docs = folder();
    assertEquals(0, cli.run("create", "kb", "--model", "all-MiniLM-L6-v2").exit());
    Cli.Result first = cli.run("ingest", "kb", docs.toString());
    assertEquals(0, first.exit(), first.toString());
    assertTrue(first.out().contains("4 documents: 4 added, 0 replaced, 0 unchanged, 0 failed"), first.toString());
    Cli.Result hit = cli.run("search", "kb", "--text", "recipe for baking a loaf", "-k", "1", "--json");
    assertEquals(0, hit.exit(), hit.toString());
    assertTrue(hit.out().contains("kitchen.pdf"), hit.toString());
    Cli.Result again = cli.run("ingest", "kb", docs.toString());
    assertTrue(again.out().contains("4 unchanged"), again.toString());
    Files.writeString(docs.resolve("pets.txt"), "Dogs bark at the postman every morning.");
    Files.writeString(docs.resolve("broken.pdf"), "%PDF-1.4 not really");
    Cli.Result changed = cli.run("ingest", "kb", docs.toString());
    assertEquals(4, changed.exit(), "a failed document is invalid input: " + changed);
    assertTrue(changed.out().contains("1 replaced, 3 unchanged, 1 failed"), changed.toString());
    assertTrue(changed.err().contains("broken.pdf"), changed.toString());
    Cli.Result plain = cli.run("create", "plain", "--size", "4", "--distance", "cosine");
    assertEquals(0, plain.exit(), plain.toString());
    Cli.Result refused = cli.run("ingest", "plain", docs.resolve("pets.txt").toString());
    assertEquals(4, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("not bound to an embedding model"), refused.toString());
    assertEquals(4, cli.run("ingest", "kb", dir.resolve("missing").toString()).exit());
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
