package dev.quiver.engine.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The one validation of payloads and payload keys, called by every write path before anything is
 * logged. Two rules protect what is stored from changing meaning on its way to disk and back:
 *
 * <ul>
 *   <li>Numbers must be finite as doubles. JSON has no Infinity, but Jackson reads {@code 1e309} as
 *       one; held in memory it compares as infinity, written out it would become the string
 *       {@code "Infinity"}, and after a restart range and text filters would answer differently.
 *   <li>Keys (at any depth, and index field names) are at most {@value #MAX_KEY_BYTES} bytes of
 *       UTF-8, so every format that stores a key can store it.
 * </ul>
 */
public final class Payloads {

  /** The longest payload key or index field name, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 4096;

  private Payloads() {}

  /**
   * Checks a payload object.
   *
   * @param owner how to name the payload in an error, e.g. {@code "payload of point 7"}
   * @throws IllegalArgumentException naming the field whose number is not finite or whose key is too long
   */
  public static void check(ObjectNode payload, String owner) {
    if (payload != null) {
      checkNode(payload, "", owner);
    }
  }

  /**
   * Checks a key or field path named by a request (an index field, a key to delete).
   *
   * @param what how to name the key in an error, e.g. {@code "payload index field"}
   */
  public static String checkKey(String what, String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(what + " must be a non-empty string, got '" + key + "'");
    }
    int bytes = utf8Length(key);
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(what + " '" + shorten(key) + "' is " + bytes
          + " bytes of UTF-8; keys are at most " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  private static void checkNode(JsonNode node, String path, String owner) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        String child = path.isEmpty() ? key : path + "." + key;
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
          throw new IllegalArgumentException(owner + " has a key '" + shorten(child) + "' of " + bytes
              + " bytes of UTF-8; keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        checkNode(e.getValue(), child, owner);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkNode(node.get(i), path + "[" + i + "]", owner);
      }
    } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      throw new IllegalArgumentException(owner + " has field '" + shorten(path) + "' = " + shorten(node.asText())
          + ", which is beyond the range of a double; payload numbers must be finite (at most about 1.8e308)");
    }
  }

  private static int utf8Length(String s) {
    // A UTF-16 char encodes to at most 3 bytes, so short keys need no encoding to be within bounds.
    return s.length() * 3 <= MAX_KEY_BYTES ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
