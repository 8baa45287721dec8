package dev.quiver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random rnd = new Random(17);
    for (int t = 0; t < 200_000; t++) {
      byte[] b = new byte[1 + rnd.nextInt(6)];
      for (int i = 0; i < b.length; i++) {
        // bias towards the interesting lead and continuation bytes
        b[i] = (byte) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0x80) : rnd.nextInt(256));
      }
      assertEquals(jdkValid(b), Utf8.firstInvalid(b) < 0, () -> java.util.HexFormat.of().formatHex(b));
    }
  }

  @Test
  void refusesOverlongSurrogatesAndOutOfRange() {
    assertEquals(1, Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0x80}));
    assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}));
    assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    assertEquals(-1, Utf8.firstInvalid("naïve 日本 😀".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readTreeRefusesAnOverlongNulWithItsOffset() {
    byte[] body = {'{', '"', 'a', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiCodec.readTree(body));
    assertTrue(e.getMessage().contains("byte 3"), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  private static boolean jdkValid(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
