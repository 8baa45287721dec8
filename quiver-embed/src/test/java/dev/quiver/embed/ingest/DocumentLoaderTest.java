package dev.quiver.embed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentLoaderTest {

  @TempDir Path dir;

  /** A PDF with one line of text per page. */
  static byte[] pdf(String title, String... pages) throws Exception {
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
      if (title != null) {
        doc.getDocumentInformation().setTitle(title);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  @Test
  void plainTextTakesItsFirstLineAsTitle() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.txt"), "\n  Shopping list\nMilk and bread.\n");
    Document d = DocumentLoader.load(f);
    assertEquals("Shopping list", d.title());
    assertTrue(d.text().contains("Milk and bread."));
    assertEquals(64, d.contentHash().length());
    assertEquals(f.toString(), d.source());
  }

  @Test
  void markdownLosesItsMarkupButKeepsTheWords() throws Exception {
    String md = "# Quiver *guide*\n\nSome **bold** claim with a [link](http://x.y) and `code`.\n\n"
        + "- first item\n- second item\n\n```java\nint x = 1;\n```\n\n> quoted words\n";
    Document d = DocumentLoader.load("guide.md", md.getBytes(StandardCharsets.UTF_8));
    assertEquals("Quiver guide", d.title());
    assertTrue(d.text().contains("Some bold claim with a link and code."), d.text());
    assertTrue(d.text().contains("first item") && d.text().contains("int x = 1;")
        && d.text().contains("quoted words"), d.text());
    assertFalse(d.text().contains("**") || d.text().contains("](") || d.text().contains("```"), d.text());
  }

  @Test
  void htmlKeepsTitleAndVisibleTextOnly() throws Exception {
    String html = "<html><head><title>Release notes</title><style>p{color:red}</style>"
        + "<script>var secret = 1;</script></head><body><nav>Home | About</nav>"
        + "<h1>Version 2</h1><p>Faster <b>search</b>.</p><ul><li>New filters</li></ul>"
        + "<footer>Copyright</footer></body></html>";
    Path f = Files.writeString(dir.resolve("notes.html"), html);
    Document d = DocumentLoader.load(f);
    assertEquals("Release notes", d.title());
    assertTrue(d.text().contains("Faster search.") && d.text().contains("New filters")
        && d.text().contains("Version 2"), d.text());
    assertFalse(d.text().contains("secret") || d.text().contains("color") || d.text().contains("Home")
        || d.text().contains("Copyright"), d.text());
    assertEquals(d, DocumentLoader.load(f.toString(), Files.readAllBytes(f)), "bytes load = path load");
  }

  @Test
  void pdfTextIsSplitIntoPages() throws Exception {
    byte[] bytes = pdf("Annual report", "Revenue grew in the first quarter.", "Costs fell in the second quarter.");
    Document d = DocumentLoader.load("report.pdf", bytes);
    assertEquals("Annual report", d.title());
    assertEquals(2, d.pages().size());
    Document.Page p2 = d.pages().get(1);
    assertEquals("Costs fell in the second quarter.", d.text().substring(p2.start(), p2.end()));
    assertEquals(2, d.pageAt(d.text().indexOf("Costs")));
    assertEquals(1, d.pageAt(0));
    Document untitled = DocumentLoader.load("x.pdf", pdf(null, "First line here."));
    assertEquals("First line here.", untitled.title());
  }

  @Test
  void corruptOrUnsupportedFilesFailNamingTheFile() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DocumentLoader.load("broken.pdf", "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(e.getMessage().contains("broken.pdf"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DocumentLoader.load("sheet.xlsx", new byte[3]));
    assertTrue(e.getMessage().contains("sheet.xlsx") && e.getMessage().contains(".xlsx")
        && e.getMessage().contains(".pdf"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DocumentLoader.load(dir.resolve("missing.txt")));
    assertTrue(e.getMessage().contains("missing.txt"), e.getMessage());
  }

  @Test
  void foldersAreWalkedForSupportedVisibleFiles() throws Exception {
    Files.createDirectories(dir.resolve("sub/.git"));
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.writeString(dir.resolve("sub/b.md"), "b");
    Files.writeString(dir.resolve("sub/c.bin"), "c");
    Files.writeString(dir.resolve("sub/.git/d.txt"), "d");
    Files.writeString(dir.resolve(".hidden.txt"), "e");
    assertEquals(List.of(dir.resolve("a.txt"), dir.resolve("sub/b.md")), DocumentFiles.list(List.of(dir)));
    assertThrows(IllegalArgumentException.class, () -> DocumentFiles.list(List.of(dir.resolve("sub/c.bin"))));
    assertThrows(IllegalArgumentException.class, () -> DocumentFiles.list(List.of(dir.resolve("nope"))));
  }
}
