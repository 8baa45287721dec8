package dev.quiver.embed.ingest;

import java.util.List;

/**
 * A loaded document: its plain text and where it came from.
 *
 * @param source the path or upload name it was loaded from; chunk ids derive from it
 * @param title the document's title (HTML title, first Markdown heading, PDF metadata or first
 *     line), never null
 * @param text the extracted plain text
 * @param contentHash SHA-256 of the file's bytes, lower-case hex: re-ingesting unchanged bytes is
 *     a no-op
 * @param pages page number and character range in {@code text} (one page for non-PDF documents)
 * @param sections the headings (Markdown, HTML) in text order with where they start in {@code text};
 *     empty when the format has none
 */
public record Document(String source, String title, String text, String contentHash, List<Page> pages,
    List<Section> sections) {

  public Document {
    pages = List.copyOf(pages);
    sections = List.copyOf(sections);
  }

  /** A document without headings. */
  public Document(String source, String title, String text, String contentHash, List<Page> pages) {
    this(source, title, text, contentHash, pages, List.of());
  }

  /** A heading: its text, level (1 for h1 / #) and the offset in the text where it starts. */
  public record Section(String heading, int level, int start) {}

  /** The heading of the section holding character {@code offset}, or null before the first heading. */
  public Section sectionAt(int offset) {
    Section found = null;
    for (Section s : sections) {
      if (s.start() > offset) {
        break;
      }
      found = s;
    }
    return found;
  }

  /** A page of the document: 1-based {@code number}, characters {@code [start, end)} of the text. */
  public record Page(int number, int start, int end) {}

  /** The page holding character {@code offset} of the text (the last page when past the end). */
  public int pageAt(int offset) {
    for (Page p : pages) {
      if (offset < p.end()) {
        return p.number();
      }
    }
    return pages.isEmpty() ? 1 : pages.get(pages.size() - 1).number();
  }
}
