package dev.quiver.engine.payload;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode parse(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void refusesNumbersBeyondDoubleRangeAtAnyDepth() throws Exception {
    for (String bad : new String[] {"{\"a\": 1e309}", "{\"a\": {\"b\": [0, -1e400]}}",
        "{\"a\": " + "9".repeat(400) + "}"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Payloads.check(parse(bad), "the payload of point 1"));
      assertTrue(e.getMessage().contains("the payload of point 1") && e.getMessage().contains("finite"), e::getMessage);
    }
    assertDoesNotThrow(() -> Payloads.check(parse("{\"a\": 1.7e308, \"b\": [-1e-320, 0], \"c\": \"Infinity\"}"), "p"));
  }

  @Test
  void keysAreBoundedInUtf8Bytes() throws Exception {
    String ok = "日".repeat(Payloads.MAX_KEY_BYTES / 3) + "a"; // 3 bytes each, plus 1: exactly the limit
    assertDoesNotThrow(() -> Payloads.checkKey("payload key", ok));
    assertThrows(IllegalArgumentException.class, () -> Payloads.checkKey("payload key", ok + "x"));
    assertThrows(IllegalArgumentException.class, () -> Payloads.checkKey("payload key", ""));
    ObjectNode nested = JSON.createObjectNode();
    nested.putObject("outer").put(ok + "x", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Payloads.check(nested, "p"));
    assertTrue(e.getMessage().contains("4097 bytes"), e::getMessage);
  }
}
