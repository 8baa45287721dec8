package dev.quiver.embed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentSectionsTest {

  @Test
  void markdownHeadingsMapToTheirPlaceInTheText() {
    String md = "# Guide\n\nIntro text here.\n\n## Install *it*\n\nRun the installer.\n\nUsage\n-----\n\nCall it.\n";
    Document d = DocumentLoader.load("g.md", md.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("Guide", "Install it", "Usage"), d.sections().stream().map(Document.Section::heading).toList());
    assertEquals(List.of(1, 2, 2), d.sections().stream().map(Document.Section::level).toList());
    for (Document.Section s : d.sections()) {
      assertEquals(s.heading(), d.text().substring(s.start(), s.start() + s.heading().length()));
    }
    assertEquals("Install it", d.sectionAt(d.text().indexOf("installer")).heading());
    assertEquals("Usage", d.sectionAt(d.text().indexOf("Call it")).heading());
  }

  @Test
  void htmlHeadingsBecomeSectionsAndChunkPayloadsNameThem() {
    String html = "<html><body><p>Preface words.</p><h2>Alpha</h2><p>" + "First part sentence. ".repeat(30)
        + "</p><h3>Beta</h3><p>" + "Second part sentence. ".repeat(30) + "</p></body></html>";
    Document d = DocumentLoader.load("x.html", html.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(new Document.Section("Alpha", 2, d.text().indexOf("Alpha")),
        new Document.Section("Beta", 3, d.text().indexOf("Beta"))), d.sections());
    assertNull(d.sectionAt(0));
    ChunkedDocument c = ChunkedDocument.of(d, new Chunker(ChunkingConfig.of(30, 5)));
    assertFalse(c.parts().get(0).payload().has("section"), "the preface precedes every heading");
    ChunkedDocument.Part last = c.parts().get(c.parts().size() - 1);
    assertEquals("Beta", last.payload().get("section").asText());
    assertEquals(true, c.parts().stream().anyMatch(p -> p.payload().path("section").asText().equals("Alpha")));
  }
}
