package dev.quiver.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.core.embed.Modality;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.SearchRequest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Media inputs of points and media queries of searches: JSON both ways, and the errors. */
class MediaCodecTest {

  private static final byte[] BYTES = {(byte) 0x89, 'P', 'N', 'G', 0, -1, 7};
  private static final String B64 = Base64.getEncoder().encodeToString(BYTES);

  private static JsonNode json(String s) {
    return ApiCodec.readTree(s.replace('\'', '"').getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String error(String body, boolean search) {
    return assertThrows(IllegalArgumentException.class, () -> {
      if (search) {
        ApiCodec.searchRequestFromJson(json(body));
      } else {
        ApiCodec.upsertRequestFromJson(json(body));
      }
    }).getMessage();
  }

  @Test
  void pointInputsRoundTrip() {
    Point p = new Point(PointId.of(7), Map.of(), null, Map.of("image", MediaInput.image(BYTES),
        "sound", MediaInput.audio(new byte[] {1, 2, 3})));
    JsonNode body = ApiCodec.upsertRequestToJson(List.of(p), null);
    assertEquals(B64, body.get("points").get(0).get("inputs").get("image").get("image").asText());
    Point back = ApiCodec.upsertRequestFromJson(body).get(0);
    assertEquals(p.inputs(), back.inputs());
    assertTrue(back.vectors().isEmpty());

    Point read = ApiCodec.upsertRequestFromJson(json("{'points':[{'id':1,'inputs':{'image':{'image':'" + B64
        + "'}},'payload':{}}]}")).get(0);
    assertArrayEquals(BYTES, read.inputs().get("image").bytes());
    // URL-safe alphabet and data URLs are accepted too
    String url = Base64.getUrlEncoder().encodeToString(BYTES);
    assertArrayEquals(BYTES, ApiCodec.upsertRequestFromJson(json("{'points':[{'id':1,'inputs':{'v':{'image':'"
        + url + "'}}}]}")).get(0).inputs().get("v").bytes());
    assertArrayEquals(BYTES, ApiCodec.upsertRequestFromJson(json("{'points':[{'id':1,'inputs':{'v':{'image':"
        + "'data:image/png;base64," + B64 + "'}}}]}")).get(0).inputs().get("v").bytes());
  }

  @Test
  void searchByMediaRoundTrips() {
    SearchRequest s = SearchRequest.ofMedia(MediaInput.audio(BYTES), 3).using("voice");
    JsonNode body = ApiCodec.searchRequestToJson(s);
    assertEquals(B64, body.get("audio").asText());
    assertEquals("voice", body.get("using").asText());
    SearchRequest back = ApiCodec.searchRequestFromJson(body);
    assertEquals(s.media(), back.media());
    assertEquals("voice", back.using());
    assertNull(back.vector());
    assertNull(back.text());
    SearchRequest img = ApiCodec.searchRequestFromJson(json("{'image':'" + B64 + "','using':'image','limit':5,"
        + "'filter':{'must':[{'key':'media','match':{'value':'image'}}]}}"));
    assertEquals(Modality.IMAGE, img.media().modality());
    assertEquals(5, img.limit());
    assertTrue(img.filter() != null);
  }

  @Test
  void badMediaIsAClearError() {
    String m = error("{'points':[{'id':1,'inputs':{'image':{'image':'not base64!'}}}]}", false);
    assertTrue(m.startsWith("points[0].inputs.image.image: not valid base64"), m);
    m = error("{'points':[{'id':1,'inputs':{'image':{'picture':'" + B64 + "'}}}]}", false);
    assertTrue(m.contains("unknown field 'picture'"), m);
    m = error("{'points':[{'id':1,'inputs':{'image':{'image':'" + B64 + "','audio':'" + B64 + "'}}}]}", false);
    assertTrue(m.contains("exactly one of \"image\" or \"audio\""), m);
    m = error("{'points':[{'id':1,'inputs':{'image':{'image':''}}}]}", false);
    assertTrue(m.contains("empty"), m);
    m = error("{'points':[{'id':1,'inputs':{'image':{'image':12}}}]}", false);
    assertTrue(m.contains("expected the base64 bytes of a PNG, JPEG, GIF or BMP file, got 12"), m);
    m = error("{'points':[{'id':1,'inputs':['x']}]}", false);
    assertTrue(m.contains("expected a map of vector name"), m);
    m = error("{'image':'" + B64 + "','text':'red'}", true);
    assertTrue(m.contains("not both") && m.contains("[text, image]"), m);
    m = error("{'audio':'%%%'}", true);
    assertTrue(m.startsWith("audio: not valid base64") && m.contains("WAV"), m);
    m = error("{'limit':3}", true);
    assertTrue(m.contains("\"image\" or \"audio\""), m);
  }
}
