package dev.quiver.engine;

import static dev.quiver.engine.FakeMediaModels.BLUE;
import static dev.quiver.engine.FakeMediaModels.GREEN;
import static dev.quiver.engine.FakeMediaModels.RED;
import static dev.quiver.engine.FakeMediaModels.WHITE;
import static dev.quiver.engine.FakeMediaModels.png;
import static dev.quiver.engine.FakeMediaModels.wav;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.embed.Modality;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named vectors per modality: upsert by image and sound, search by text, image or sound, and the errors. */
class MediaCollectionTest {

  @TempDir Path dir;

  private final FakeMediaModels.Model cells = FakeMediaModels.cells();
  private final FakeMediaModels.Model joint = FakeMediaModels.joint();
  private final FakeMediaModels.Model signal = FakeMediaModels.signal();
  private final FakeEmbeddingModel words = new FakeEmbeddingModel("fake-words", "v1", 32);

  private Quiver open() throws Exception {
    return Quiver.open(dir, QuiverConfig.defaults().withModels(FakeEmbeddingModel.provider(cells, joint, signal, words)));
  }

  /** {@code image} (cells, image only) and {@code clip} (joint text and image). */
  static CollectionConfig pictures() {
    Map<String, VectorParams> v = new LinkedHashMap<>();
    v.put("image", VectorParams.forModel("fake-cells"));
    v.put("clip", VectorParams.forModel("fake-joint"));
    return CollectionConfig.named(v);
  }

  private static ObjectNode payload(String k, String v) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put(k, v);
    return o;
  }

  private static Point image(long id, byte[] png, String name) {
    return Point.ofMedia(PointId.of(id), "image", MediaInput.image(png), payload("name", name));
  }

  @Test
  void oneImageFillsEveryImageTakingVectorAndBothSearchesFindIt() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("pics", pictures());
      c.upsert(List.of(image(1, png(8, RED), "red"), image(2, png(8, GREEN), "green"), image(3, png(8, BLUE), "blue"),
          image(4, png(8, RED, WHITE, WHITE, WHITE), "red corner")));
      assertEquals(1, cells.calls.get(), "one batched call per vector and modality");
      assertEquals(1, joint.calls.get());
      Point stored = c.get(List.of(PointId.of(1)), true, true).get(0);
      assertEquals(Map.of(), stored.inputs(), "stored points keep no media");
      assertEquals(12, stored.vectors().get("image").length);
      assertEquals(4, stored.vectors().get("clip").length);

      // text against the joint vector finds images
      List<ScoredPoint> byText = c.search(SearchRequest.ofText("a green square", 2).using("clip"));
      assertEquals(PointId.of(2), byText.get(0).id());
      // image against the cells vector: the layout matters (red corner, not all red)
      List<ScoredPoint> byImage = c.search(SearchRequest.ofMedia(MediaInput.image(png(16, RED, WHITE, WHITE, WHITE)), 1)
          .using("image"));
      assertEquals(PointId.of(4), byImage.get(0).id());
      // image against the joint vector: mean colour
      List<ScoredPoint> byImageClip = c.search(SearchRequest.ofMedia(MediaInput.image(png(4, BLUE)), 1).using("clip"));
      assertEquals(PointId.of(3), byImageClip.get(0).id());
    }
  }

  @Test
  void imageSearchFindsTheRightCaptionStoredAsTextInTheJointVector() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("captions",
          CollectionConfig.named(Map.of("clip", VectorParams.forModel("fake-joint"))));
      c.upsert(List.of(new Point(PointId.of(1), Map.of(), payload("text", "a red apple")),
          new Point(PointId.of(2), Map.of(), payload("text", "green grass")),
          new Point(PointId.of(3), Map.of(), payload("text", "the blue sea")),
          Point.ofMedia(PointId.of(4), "clip", MediaInput.image(png(8, GREEN)), payload("text", "ignored: media wins"))));
      List<ScoredPoint> hits = c.search(SearchRequest.ofMedia(MediaInput.image(png(8, BLUE)), 1).using("clip")
          .withFilter(dev.quiver.engine.filter.Filter.parse("{\"must_not\": [{\"has_id\": [4]}]}")));
      assertEquals(PointId.of(3), hits.get(0).id());
      // the image point was embedded from its image (mean colour), not its text (no colour word)
      float[] four = c.get(List.of(PointId.of(4)), false, true).get(0).vectors().get("clip");
      assertEquals(0x10 / (float) 0xC0, four[0] / four[1], 1e-4, "stored normalised, in the image's colour ratio");
    }
  }

  @Test
  void soundsAreStoredAndSearchedBySound() throws Exception {
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("sounds", CollectionConfig.single(VectorParams.forModel("fake-signal")));
      double[] hz = {200, 500, 1200, 2500};
      for (int i = 0; i < hz.length; i++) {
        c.upsert(Point.ofMedia(PointId.of(i), CollectionConfig.DEFAULT_VECTOR, MediaInput.audio(wav(hz[i], 0.5, 0.5)), null));
      }
      List<ScoredPoint> hits = c.search(SearchRequest.ofMedia(MediaInput.audio(wav(1150, 0.3, 0.5)), 2));
      assertEquals(PointId.of(2), hits.get(0).id());
    }
  }

  @Test
  void modalityMismatchesAreClearErrors() throws Exception {
    try (Quiver db = open()) {
      Map<String, VectorParams> v = new LinkedHashMap<>(pictures().vectors());
      VectorCollection c = db.createCollection("pics", pictures());
      VectorCollection s = db.createCollection("sounds", CollectionConfig.single(VectorParams.forModel("fake-signal")));
      VectorCollection t = db.createCollection("texts", CollectionConfig.named(Map.of("text", VectorParams.forModel("fake-words"))));
      c.upsert(image(1, png(8, RED), "red"));

      String m = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.ofText("red", 1).using("image"))).getMessage();
      assertTrue(m.contains("vector 'image'") && m.contains("fake-cells") && m.contains("not text")
          && m.contains("[clip]"), m);

      m = assertThrows(IllegalArgumentException.class,
          () -> s.search(SearchRequest.ofMedia(MediaInput.image(png(4, RED)), 1))).getMessage();
      assertTrue(m.contains("fake-signal") && m.contains("[audio]") && m.contains("not image"), m);

      m = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.ofMedia(MediaInput.audio(wav(300, 0.1, 0.5)), 1).using("clip"))).getMessage();
      assertTrue(m.contains("not audio"), m);

      m = assertThrows(IllegalArgumentException.class,
          () -> t.search(SearchRequest.ofMedia(MediaInput.image(png(4, RED)), 1).using("text"))).getMessage();
      assertTrue(m.contains("fake-words") && m.contains("not image"), m);

      // undecodable bytes: the model's message passes through, naming the point
      byte[] junk = "not a picture".getBytes(StandardCharsets.UTF_8);
      m = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(List.of(image(2, png(8, RED), "ok"), image(3, junk, "junk")))).getMessage();
      assertTrue(m.contains("point 3") && m.contains("not a PNG, JPEG, GIF or BMP image"), m);
      m = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.ofMedia(MediaInput.image(junk), 1).using("image"))).getMessage();
      assertTrue(m.contains("query image") && m.contains("not a PNG"), m);
      assertEquals(1, c.count(null), "a refused batch writes nothing");

      // a sound for an image vector
      m = assertThrows(IllegalArgumentException.class, () -> c.upsert(Point.ofMedia(PointId.of(5), "image",
          MediaInput.audio(wav(300, 0.1, 0.5)), null))).getMessage();
      assertTrue(m.contains("audio input for vector 'image'") && m.contains("[image]"), m);
      // an image-only vector with nothing to embed
      m = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(new Point(PointId.of(6), Map.of(), payload("text", "red")))).getMessage();
      assertTrue(m.contains("no vector 'image'") && m.contains("fake-cells") && m.contains("image input"), m);
      // an image into a text-only collection
      m = assertThrows(IllegalArgumentException.class, () -> t.upsert(Point.ofMedia(PointId.of(7), "text",
          MediaInput.image(png(4, RED)), null))).getMessage();
      assertTrue(m.contains("image input for vector of collection 'texts'") && m.contains("[text]"), m);
      // an input for a vector that does not exist, and both a vector and an input
      m = assertThrows(IllegalArgumentException.class, () -> c.upsert(Point.ofMedia(PointId.of(8), "photo",
          MediaInput.image(png(4, RED)), null))).getMessage();
      assertTrue(m.contains("'photo'") && m.contains("[image, clip]"), m);
      m = assertThrows(IllegalArgumentException.class, () -> c.upsert(new Point(PointId.of(9),
          Map.of("image", new float[12]), null, Map.of("image", MediaInput.image(png(4, RED)))))).getMessage();
      assertTrue(m.contains("both a vector and an image input"), m);
      // empty input and a search with two queries
      assertThrows(IllegalArgumentException.class, () -> MediaInput.image(new byte[0]));
      assertThrows(IllegalArgumentException.class, () -> new MediaInput(Modality.TEXT, new byte[1]));
      m = assertThrows(IllegalArgumentException.class, () -> new SearchRequest("image", null, 1, null, null, false,
          true, false, "red", MediaInput.image(png(4, RED)))).getMessage();
      assertTrue(m.contains("one query"), m);
      assertEquals(v.keySet(), c.config().vectors().keySet());
      // a text example for recommendations against the image-only vector
      m = assertThrows(IllegalArgumentException.class, () -> new dev.quiver.engine.recommend.Recommender(db.config().models())
          .recommend(c, dev.quiver.engine.recommend.RecommendRequest.of(List.of(
              new dev.quiver.engine.recommend.Example.Text("red")), List.of(), 1).using("image"))).getMessage();
      assertTrue(m.contains("fake-cells") && m.contains("not text"), m);
    }
  }

  @Test
  void mediaBytesStayOutOfTheLogAndVectorsSurviveReopen() throws Exception {
    byte[] red = png(8, RED);
    float[] before;
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("pics", pictures());
      c.upsert(image(1, red, "red"));
      c.upsert(image(2, png(8, BLUE), "blue"));
      before = c.get(List.of(PointId.of(1)), false, true).get(0).vectors().get("clip");
      long walBytes = 0;
      try (var files = Files.walk(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          byte[] all = Files.readAllBytes(f);
          walBytes += all.length;
          assertFalse(indexOf(all, java.util.Arrays.copyOfRange(red, 0, 24)) >= 0, "PNG bytes found in " + f);
        }
      }
      assertTrue(walBytes > 0);
    }
    try (Quiver db = open()) {
      VectorCollection c = db.collection("pics");
      assertArrayEquals(before, c.get(List.of(PointId.of(1)), false, true).get(0).vectors().get("clip"));
      assertEquals(PointId.of(2), c.search(SearchRequest.ofText("blue", 1).using("clip")).get(0).id());
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
