package dev.quiver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import java.io.BufferedReader;
import java.io.IOException;

/** JSON lines: {@code {"id": 1, "vector": [...], "payload": {...}}} per line; blank lines are skipped. */
final class JsonLinesSource implements PointSource {

  private final BufferedReader in;
  private long line;

  JsonLinesSource(BufferedReader in) {
    this.in = in;
  }

  @Override
  public Item next() throws IOException {
    String text;
    do {
      text = in.readLine();
      if (text == null) {
        return null;
      }
      line++;
    } while (text.isBlank());
    JsonNode node;
    try {
      node = ApiCodec.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return Item.bad(line, "not valid JSON: " + e.getOriginalMessage());
    }
    try {
      return Item.ok(line, ApiCodec.pointFromJson(node, ""));
    } catch (IllegalArgumentException e) {
      return Item.bad(line, e.getMessage());
    }
  }
}
