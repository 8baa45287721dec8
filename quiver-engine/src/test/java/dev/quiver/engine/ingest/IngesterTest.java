package dev.quiver.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.FakeEmbeddingModel;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.text.HybridSearchRequest;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngesterTest {

  @TempDir Path dir;

  private static byte[] pdf(String... pages) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, 700);
          cs.showText(text);
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private Path docs() throws Exception {
    Path d = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(d.resolve("cats.txt"), "Cats purr when content. A cat sleeps most of the day.");
    Files.writeString(d.resolve("rust.md"), "# Rust\n\nThe borrow checker enforces ownership rules at compile time.");
    Files.writeString(d.resolve("coffee.html"), "<html><head><title>Coffee</title></head><body>"
        + "<p>Espresso is brewed by forcing hot water through ground coffee beans.</p></body></html>");
    Files.write(d.resolve("volcano.pdf"), pdf("Volcanoes erupt molten lava.", "Magma cools into basalt rock."));
    return d;
  }

  private List<String> events = new ArrayList<>();

  private IngestReport ingest(VectorCollection c, Path p) {
    return new Ingester(c, ChunkingConfig.of(16, 4)).ingest(List.of(p),
        new Ingester.Listener() {
          @Override
          public void document(String source, String outcome, int chunks) {
            events.add(outcome);
          }
        });
  }

  @Test
  void ingestSearchReingestAndReplace() throws Exception {
    FakeEmbeddingModel model = new FakeEmbeddingModel("fake-words", "v1", 128);
    try (Quiver db = Quiver.open(dir.resolve("db"), QuiverConfig.defaults().withModels(FakeEmbeddingModel.provider(model)))) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.forModel("fake-words")));
      Path docs = docs();
      IngestReport first = ingest(c, docs);
      assertEquals(4, first.added(), first.toString());
      assertEquals(0, first.failed(), first.errors().toString());
      assertEquals(first.chunks(), c.count(null));
      assertEquals(PayloadSchemaType.TEXT, c.info().payloadSchema().get("text"));
      assertEquals(PayloadSchemaType.KEYWORD, c.info().payloadSchema().get("source"));

      ScoredPoint hit = c.search(SearchRequest.ofText("borrow checker ownership", 1)).get(0);
      assertTrue(hit.payload().get("source").asText().endsWith("rust.md"), hit.toString());
      assertEquals("Rust", hit.payload().get("title").asText());
      ScoredPoint lava = c.search(SearchRequest.ofText("basalt rock magma", 1)).get(0);
      assertTrue(lava.payload().get("source").asText().endsWith("volcano.pdf"));
      assertTrue(lava.payload().get("page").asInt() >= 1, "PDF chunks carry their page");
      ScoredPoint kw = c.keywordSearch(HybridSearchRequest.ofText("espresso", 1)).get(0);
      assertTrue(kw.payload().get("source").asText().endsWith("coffee.html"));

      IngestReport again = ingest(c, docs);
      assertEquals(4, again.unchanged(), again.toString());
      assertEquals(0, again.chunks());
      assertEquals(first.chunks(), c.count(null));

      // a shorter new version replaces every chunk of the old one
      Path cats = docs.resolve("cats.txt");
      Filter ofCats = Filter.parse("{\"must\":[{\"key\":\"source\",\"match\":{\"value\":\"" + cats + "\"}}]}");
      Files.writeString(cats, "Cats " + "purr and sleep all day long. ".repeat(12));
      long before = c.count(ofCats);
      IngestReport changed = ingest(c, docs);
      assertEquals(1, changed.replaced(), changed.toString());
      assertEquals(3, changed.unchanged());
      assertTrue(c.count(ofCats) > before, "the new version has more chunks");
      Files.writeString(cats, "Cats nap.");
      ingest(c, cats);
      assertEquals(1, c.count(ofCats), "surplus chunks of the old version are gone");
      assertEquals("Cats nap.", c.search(SearchRequest.ofText("cats nap", 1).withFilter(ofCats)).get(0)
          .payload().get("text").asText());
    }
  }

  @Test
  void aBrokenFileFailsAloneAndUnboundCollectionsAreRefused() throws Exception {
    FakeEmbeddingModel model = new FakeEmbeddingModel("fake-words", "v1", 64);
    try (Quiver db = Quiver.open(dir.resolve("db"), QuiverConfig.defaults().withModels(FakeEmbeddingModel.provider(model)))) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.forModel("fake-words")));
      Path d = docs();
      Files.writeString(d.resolve("broken.pdf"), "%PDF-1.4 garbage");
      IngestReport r = ingest(c, d);
      assertEquals(1, r.failed());
      assertEquals(4, r.added());
      assertTrue(r.errors().get(0).contains("broken.pdf"), r.errors().toString());

      VectorCollection plain = db.createCollection("plain",
          CollectionConfig.single(VectorParams.of(4, dev.quiver.core.vector.Metric.COSINE)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new Ingester(plain, ChunkingConfig.defaults()));
      assertTrue(e.getMessage().contains("not bound to an embedding model"), e.getMessage());
    }
  }
}
