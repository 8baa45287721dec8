package dev.quiver.embed.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Reads .txt, .md, .html and .pdf files into {@link Document}s of plain text. The file name's
 * extension picks the format; content is never sniffed, so a misnamed file fails clearly.
 */
public final class DocumentLoader {

  /** Extensions (lower case, without the dot) this loader reads. */
  public static final Set<String> EXTENSIONS = Set.of("txt", "text", "md", "markdown", "html", "htm", "pdf");

  private DocumentLoader() {}

  public static boolean supports(Path file) {
    return supports(file.getFileName().toString());
  }

  public static boolean supports(String fileName) {
    return EXTENSIONS.contains(extension(fileName));
  }

  /** Loads a file; its path (as given) becomes the document's source. */
  public static Document load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read '" + file + "': " + e.getMessage(), e);
    }
    return load(file.toString(), bytes);
  }

  /**
   * Loads a document from its bytes (an upload); {@code name} gives the format by its extension and
   * becomes the source.
   *
   * @throws IllegalArgumentException for an unsupported extension or a corrupt file, naming it
   */
  public static Document load(String name, byte[] bytes) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a document needs a name with an extension, e.g. notes.md");
    }
    String ext = extension(name);
    String hash = sha256(bytes);
    return switch (ext) {
      case "txt", "text" -> plain(name, decode(name, bytes), hash);
      case "md", "markdown" -> markdown(name, decode(name, bytes), hash);
      case "html", "htm" -> html(name, decode(name, bytes), hash);
      case "pdf" -> pdf(name, bytes, hash);
      default -> throw new IllegalArgumentException("cannot ingest '" + name + "': unsupported file type '"
          + (ext.isEmpty() ? "(none)" : "." + ext) + "'; supported: .txt, .md, .html, .htm, .pdf");
    };
  }

  private static Document plain(String name, String text, String hash) {
    return single(name, firstLine(text, name), text, hash);
  }

  private static final Pattern MD_HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern MD_SETEXT = Pattern.compile("(?m)^(\\S.*)\\n(=+|-+)\\s*$");

  private static Document markdown(String name, String md, String hash) {
    Matcher h = MD_HEADING.matcher(md);
    String title = h.find() ? stripInline(h.group(1)) : null;
    String text = markdownToText(md);
    return new Document(name, title != null && !title.isBlank() ? title : firstLine(text, name), text, hash,
        List.of(new Document.Page(1, 0, text.length())), markdownSections(md, text));
  }

  /**
   * Where the headings of {@code md} ended up in its {@code text}: found in order, each after the
   * previous one (a heading whose text cannot be found is left out).
   */
  private static List<Document.Section> markdownSections(String md, String text) {
    String src = md.replace("\r\n", "\n");
    java.util.TreeMap<Integer, String[]> byPos = new java.util.TreeMap<>();
    Matcher h = MD_HEADING.matcher(src);
    while (h.find()) {
      String marks = src.substring(h.start(), h.start(1)).strip();
      byPos.put(h.start(), new String[] {h.group(1), Integer.toString(Math.max(1, marks.length()))});
    }
    Matcher st = MD_SETEXT.matcher(src);
    while (st.find()) {
      byPos.putIfAbsent(st.start(), new String[] {st.group(1), st.group(2).startsWith("=") ? "1" : "2"});
    }
    List<Document.Section> out = new ArrayList<>();
    int cursor = 0;
    for (String[] heading : byPos.values()) {
      String t = stripInline(heading[0]).replaceAll("<[^>\\n]+>", "").replaceAll("[ \\t]+", " ").strip();
      if (t.isEmpty()) {
        continue;
      }
      int at = text.indexOf(t, cursor);
      if (at >= 0) {
        out.add(new Document.Section(t, Integer.parseInt(heading[1]), at));
        cursor = at + t.length();
      }
    }
    return out;
  }

  /** Markdown to readable text: markup removed, the words of headings, links, code and lists kept. */
  static String markdownToText(String md) {
    String s = md.replace("\r\n", "\n");
    s = s.replaceAll("(?m)^\\s*(```|~~~).*$", "");             // code fences (code text kept)
    s = MD_SETEXT.matcher(s).replaceAll("$1");                   // setext underlines
    s = s.replaceAll("(?m)^\\s{0,3}#{1,6}\\s+(.+?)\\s*#*\\s*$", "$1."); // headings end a sentence
    s = s.replaceAll("(?m)^\\s*>\\s?", "");                      // block quotes
    s = s.replaceAll("(?m)^\\s*([-*+]|\\d+[.)])\\s+", "");        // list markers
    s = s.replaceAll("(?m)^\\s*([-*_]\\s*){3,}$", "");            // rules
    s = s.replaceAll("(?m)^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$", ""); // table rules
    s = s.replace("|", " ");
    s = stripInline(s);
    s = s.replaceAll("<[^>\\n]+>", "");                          // inline HTML tags
    s = s.replaceAll("[ \\t]+", " ").replaceAll("\\n{3,}", "\n\n");
    return s.strip();
  }

  private static String stripInline(String s) {
    s = s.replaceAll("!\\[([^\\]]*)\\]\\([^)]*\\)", "$1");       // images: alt text
    s = s.replaceAll("\\[([^\\]]+)\\]\\([^)]*\\)", "$1");          // links: their text
    s = s.replaceAll("\\[([^\\]]+)\\]\\[[^\\]]*\\]", "$1");        // reference links
    s = s.replaceAll("(?m)^\\s*\\[[^\\]]+\\]:\\s*\\S+.*$", "");     // link definitions
    s = s.replaceAll("`+([^`]+)`+", "$1");                         // inline code
    s = s.replaceAll("(\\*\\*|__)(.+?)\\1", "$2");                 // bold
    s = s.replaceAll("(?<![\\w*])[*_](?!\\s)(.+?)(?<!\\s)[*_](?![\\w*])", "$1"); // italics
    s = s.replaceAll("~~(.+?)~~", "$1");
    return s;
  }

  private static Document html(String name, String html, String hash) {
    org.jsoup.nodes.Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, template, nav, footer, header nav, aside, svg, iframe, form").remove();
    String title = doc.title();
    if (title.isBlank()) {
      Element h1 = doc.selectFirst("h1");
      title = h1 != null ? h1.text() : "";
    }
    Element body = doc.body();
    StringBuilder text = new StringBuilder();
    List<Document.Section> sections = new ArrayList<>();
    // Block elements become paragraphs so sentences don't run into each other.
    for (Element e : body.select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, th, dt, dd, figcaption")) {
      if (e.parents().stream().anyMatch(p -> p.is("p, li, pre, blockquote, td, th, dd"))) {
        continue; // nested inside a block already taken whole
      }
      String t = e.text().strip();
      if (!t.isEmpty()) {
        if (e.is("h1, h2, h3, h4, h5, h6")) {
          sections.add(new Document.Section(t, e.tagName().charAt(1) - '0', text.length()));
        }
        text.append(t);
        if (e.is("h1, h2, h3, h4, h5, h6") && !t.matches(".*[.!?:]$")) {
          text.append('.');
        }
        text.append("\n\n");
      }
    }
    String out = text.toString().strip();
    if (out.isEmpty()) {
      out = body.text().strip(); // no block markup: the body's text
    }
    return new Document(name, title.isBlank() ? firstLine(out, name) : title.strip(), out, hash,
        List.of(new Document.Page(1, 0, out.length())), sections);
  }

  private static Document pdf(String name, byte[] bytes, String hash) {
    try (PDDocument pdf = Loader.loadPDF(bytes)) {
      PDFTextStripper stripper = new PDFTextStripper();
      StringBuilder text = new StringBuilder();
      List<Document.Page> pages = new ArrayList<>();
      int n = pdf.getNumberOfPages();
      for (int p = 1; p <= n; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        String t = stripper.getText(pdf).strip();
        int start = text.length();
        text.append(t);
        pages.add(new Document.Page(p, start, text.length()));
        if (p < n) {
          text.append("\n\n");
        }
      }
      String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
      String body = text.toString();
      return new Document(name, title == null || title.isBlank() ? firstLine(body, name) : title.strip(),
          body, hash, pages);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read PDF '" + name + "': " + e.getMessage()
          + " (is it a valid, unencrypted PDF?)", e);
    }
  }

  private static Document single(String name, String title, String text, String hash) {
    return new Document(name, title, text, hash, List.of(new Document.Page(1, 0, text.length())));
  }

  private static String decode(String name, byte[] bytes) {
    int skip = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
    } catch (CharacterCodingException e) {
      // Not UTF-8: Latin-1 maps every byte, the usual encoding of older text files.
      return new String(bytes, skip, bytes.length - skip, StandardCharsets.ISO_8859_1);
    }
  }

  private static String firstLine(String text, String name) {
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (!t.isEmpty()) {
        return t.length() > 120 ? t.substring(0, 120).strip() + "…" : t;
      }
    }
    String file = name.replace('\\', '/');
    return file.substring(file.lastIndexOf('/') + 1);
  }

  static String extension(String fileName) {
    String f = fileName.replace('\\', '/');
    f = f.substring(f.lastIndexOf('/') + 1);
    int dot = f.lastIndexOf('.');
    return dot <= 0 ? "" : f.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
