package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBoundCollectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FakeEmbeddingModel v1 = new FakeEmbeddingModel("fake-words", "v1", 64);

  private Quiver open(FakeEmbeddingModel model) throws Exception {
    return Quiver.open(dir, QuiverConfig.defaults().withModels(FakeEmbeddingModel.provider(model)));
  }

  private static ObjectNode text(String t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", t);
    return o;
  }

  @Test
  void creationTakesDimensionAndVersionFromTheModel() throws Exception {
    try (Quiver db = open(v1)) {
      CollectionConfig cc = CollectionConfig.fromJson(JSON.readTree("{\"vectors\": {\"model\": \"fake-words\"}}"));
      VectorParams p = db.createCollection("docs", cc).config().vectors().get(CollectionConfig.DEFAULT_VECTOR);
      assertEquals(64, p.dimension());
      assertEquals("v1", p.model().version());
      assertEquals("text", p.model().source());
      CollectionConfig again = CollectionConfig.fromJson(db.collection("docs").config().toJson());
      assertEquals(db.collection("docs").config(), again);
    }
  }

  @Test
  void upsertEmbedsPayloadTextAndSearchEmbedsTheQuery() throws Exception {
    try (Quiver db = open(v1)) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.forModel("fake-words")));
      List<Point> pts = new ArrayList<>();
      String[] docs = {"the cat sat on the mat", "quarterly revenue grew strongly", "a dog chased the ball",
          "rust and java are programming languages", "paris is the capital of france"};
      for (int i = 0; i < docs.length; i++) {
        pts.add(new Point(PointId.of(i), Map.of(), text(docs[i])));
      }
      c.upsert(pts);
      assertEquals(1, v1.calls.get(), "one batched call for the whole upsert");
      List<ScoredPoint> hits = c.search(SearchRequest.ofText("what is the capital of France", 2));
      assertEquals(PointId.of(4), hits.get(0).id());
      assertNotNull(c.get(List.of(PointId.of(0)), false, true).get(0).vector());
      // a given vector is kept as is
      float[] mine = new float[64];
      mine[5] = 1;
      c.upsert(Point.of(9, mine, text("ignored for embedding")));
      assertEquals(1f, c.get(List.of(PointId.of(9)), false, true).get(0).vector()[5]);
    }
  }

  @Test
  void pointWithoutVectorOrTextIsRefusedWithTheFieldName() throws Exception {
    try (Quiver db = open(v1)) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.forModel("fake-words")));
      ObjectNode p = JSON.createObjectNode().put("body", "words");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> c.upsert(new Point(PointId.of(1), Map.of(), p)));
      assertTrue(e.getMessage().contains("payload field 'text'"), e.getMessage());
      assertEquals(0, c.count(null));
    }
  }

  @Test
  void textSearchOnAPlainVectorIsRefused() throws Exception {
    try (Quiver db = open(v1)) {
      VectorCollection c = db.createCollection("plain", CollectionConfig.single(VectorParams.of(4, dev.quiver.core.vector.Metric.COSINE)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> c.search(SearchRequest.ofText("hello", 3)));
      assertTrue(e.getMessage().contains("not bound to an embedding model"), e.getMessage());
    }
  }

  @Test
  void unknownModelAndWrongSizeAreRefusedAtCreation() throws Exception {
    try (Quiver db = open(v1)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> db.createCollection("a", CollectionConfig.single(VectorParams.forModel("nope"))));
      assertTrue(e.getMessage().contains("unknown embedding model 'nope'") && e.getMessage().contains("fake-words"),
          e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> db.createCollection("b",
          CollectionConfig.single(VectorParams.forModel("fake-words").withDimension(384))));
      assertTrue(e.getMessage().contains("declares size 384") && e.getMessage().contains("64"), e.getMessage());
      assertTrue(db.collectionNames().isEmpty());
    }
  }

  @Test
  void anotherModelVersionIsRefusedAfterReopen() throws Exception {
    try (Quiver db = open(v1)) {
      db.createCollection("docs", CollectionConfig.single(VectorParams.forModel("fake-words")))
          .upsert(new Point(PointId.of(1), Map.of(), text("hello world")));
    }
    FakeEmbeddingModel v2 = new FakeEmbeddingModel("fake-words", "v2", 64);
    try (Quiver db = open(v2)) {
      VectorCollection c = db.collection("docs");
      assertEquals(1, c.count(null), "data stays readable");
      ModelMismatchException e = assertThrows(ModelMismatchException.class,
          () -> c.search(SearchRequest.ofText("hello", 1)));
      assertTrue(e.getMessage().contains("version v1") && e.getMessage().contains("version v2"), e.getMessage());
      assertThrows(ModelMismatchException.class,
          () -> c.upsert(new Point(PointId.of(2), Map.of(), text("more"))));
      assertEquals(1, c.count(null));
    }
  }
}
