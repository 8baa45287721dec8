package dev.quiver.embed.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A document cut into chunks ready to store: each with a stable id and its payload.
 *
 * <p>Payload fields: {@code text} (the chunk), {@code source}, {@code title}, {@code chunk} (index),
 * {@code chunks} (how many the document has), {@code start}, {@code end} (character range in the
 * document's text), {@code page} (PDF, and any document of several pages: the page the chunk
 * starts on), {@code section} (Markdown, HTML: the heading the chunk starts under, when there is
 * one) and {@code content_hash}.
 *
 * @param document the source document
 * @param parts its chunks with ids and payloads, in order
 */
public record ChunkedDocument(Document document, List<Part> parts) {

  /** Payload field names. */
  public static final String TEXT = "text";
  public static final String SOURCE = "source";
  public static final String TITLE = "title";
  public static final String CONTENT_HASH = "content_hash";

  public ChunkedDocument {
    parts = List.copyOf(parts);
  }

  /**
   * One stored chunk.
   *
   * @param id name-based UUID of source + "#" + chunk index: the same file re-ingested gets the
   *     same ids, so its chunks are replaced rather than duplicated
   */
  public record Part(UUID id, Chunk chunk, ObjectNode payload) {}

  public static ChunkedDocument of(Document doc, Chunker chunker) {
    List<Chunk> chunks = chunker.chunk(doc.text());
    List<Part> parts = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.put(TEXT, c.text());
      p.put(SOURCE, doc.source());
      p.put(TITLE, doc.title());
      p.put("chunk", c.index());
      p.put("chunks", chunks.size());
      p.put("start", c.start());
      p.put("end", c.end());
      if (doc.pages().size() > 1 || "pdf".equals(DocumentLoader.extension(doc.source()))) {
        p.put("page", doc.pageAt(c.start()));
      }
      Document.Section section = doc.sectionAt(c.start());
      if (section != null) {
        p.put("section", section.heading());
      }
      p.put(CONTENT_HASH, doc.contentHash());
      parts.add(new Part(chunkId(doc.source(), c.index()), c, p));
    }
    return new ChunkedDocument(doc, parts);
  }

  /** The id of chunk {@code index} of {@code source}. */
  public static UUID chunkId(String source, int index) {
    return UUID.nameUUIDFromBytes((source + "#" + index).getBytes(StandardCharsets.UTF_8));
  }
}
