package dev.quiver.engine.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.PointId;
import dev.quiver.engine.ScoredPoint;

/**
 * One retrieved passage, numbered as the prompt and the answer cite it ({@code [number]}).
 * Position fields come from the ingested chunk's payload and are null when absent.
 */
public record Source(int number, PointId id, String source, String title, Integer chunk, Integer start,
    Integer end, Integer page, String text, float score) {

  static Source of(int number, ScoredPoint p, String textField) {
    ObjectNode pl = p.payload();
    return new Source(number, p.id(), str(pl, "source"), str(pl, "title"), integer(pl, "chunk"),
        integer(pl, "start"), integer(pl, "end"), integer(pl, "page"), textOf(pl, textField), p.score());
  }

  static String textOf(ObjectNode payload, String field) {
    String t = str(payload, field);
    return t == null ? "" : t;
  }

  /** "guide.md, page 2, chunk 3, chars 120-480" (what is known of it). */
  public String position() {
    StringBuilder b = new StringBuilder(source != null ? source : "point " + id);
    if (page != null) {
      b.append(", page ").append(page);
    }
    if (chunk != null) {
      b.append(", chunk ").append(chunk);
    }
    if (start != null && end != null) {
      b.append(", chars ").append(start).append('-').append(end);
    }
    return b.toString();
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("number", number);
    if (id instanceof PointId.Num n) {
      o.put("id", new java.math.BigInteger(Long.toUnsignedString(n.value())));
    } else {
      o.put("id", id.toString());
    }
    o.put("source", source);
    o.put("title", title);
    o.put("chunk", chunk);
    o.put("start", start);
    o.put("end", end);
    o.put("page", page);
    o.put("score", score);
    o.put("text", text);
    return o;
  }

  private static String str(ObjectNode pl, String f) {
    JsonNode n = pl == null ? null : pl.get(f);
    return n == null || n.isNull() ? null : n.isTextual() ? n.asText() : n.toString();
  }

  private static Integer integer(ObjectNode pl, String f) {
    JsonNode n = pl == null ? null : pl.get(f);
    return n != null && n.canConvertToInt() && n.isNumber() ? n.asInt() : null;
  }
}
