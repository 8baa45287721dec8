package dev.quiver.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.FilterEvaluator;
import dev.quiver.engine.payload.Candidates;
import dev.quiver.engine.payload.PayloadIndexes;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code {"key": ..., "match": {"text": ...}}}: evaluated by analysis and answered by a text index alike. */
class TextMatchTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] WORDS = {"red", "running", "shoes", "runs", "shoe", "blue", "SKU-4471-B", "the",
      "4471", "jacket", "Ann's", "ann"};

  private static Filter text(String key, String t) {
    return Filter.parse("{\"must\": [{\"key\": \"" + key + "\", \"match\": {\"text\": \"" + t + "\"}}]}");
  }

  @Test
  void parsesEvaluatesAndRoundTrips() {
    Filter f = text("body", "running shoes");
    assertEquals(f, Filter.parse(f.toJson()));
    ObjectNode p = F.objectNode().put("body", "Ann runs in red shoe");
    assertTrue(FilterEvaluator.matches(f, null, p), "stems match");
    assertFalse(FilterEvaluator.matches(text("body", "running jacket"), null, p), "every term is needed");
    assertFalse(FilterEvaluator.matches(text("body", "the"), null, p), "no terms: no match");
    ObjectNode parts = F.objectNode();
    parts.putArray("body").add("running").add(3).add("shoes");
    assertTrue(FilterEvaluator.matches(f, null, parts), "the values of an array are one text");
    assertTrue(FilterEvaluator.matches(text("body", "SKU-4471-B"), null, F.objectNode().put("body", "get SKU-4471-B.")));
  }

  @Test
  void theIndexAnswersExactlyAsEvaluationThroughUpdates() {
    SplittableRandom rnd = new SplittableRandom(11);
    List<ObjectNode> payloads = new ArrayList<>();
    PayloadIndexes indexes = new PayloadIndexes();
    indexes.create("body", PayloadSchemaType.TEXT, ord -> null, 0);
    for (int ord = 0; ord < 400; ord++) {
      ObjectNode p = randomDoc(rnd);
      payloads.add(p);
      indexes.add(ord, p);
    }
    for (int i = 0; i < 200; i++) { // payload updates keep ordinals
      int ord = rnd.nextInt(payloads.size());
      indexes.remove(ord, payloads.get(ord));
      payloads.set(ord, randomDoc(rnd));
      indexes.add(ord, payloads.get(ord));
    }
    for (int q = 0; q < 100; q++) {
      Filter f = text("body", WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)]);
      Candidates c = indexes.candidates(f, payloads.size());
      assertTrue(c.exact());
      for (int ord = 0; ord < payloads.size(); ord++) {
        assertEquals(FilterEvaluator.matches(f, null, payloads.get(ord)), c.bits().get(ord), f + " at " + ord);
      }
    }
  }

  private static ObjectNode randomDoc(SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = 1 + rnd.nextInt(5); i < n; i++) {
      sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
    }
    return F.objectNode().put("body", sb.toString());
  }

  @Test
  void collectionsFilterByTextWithOrWithoutTheIndex(@TempDir Path dir) throws Exception {
    try (Quiver db = Quiver.open(dir, QuiverConfig.defaults().withDurability(Durability.NONE))) {
      VectorCollection c = db.createCollection("docs", CollectionConfig.single(VectorParams.of(2, Metric.COSINE)));
      SplittableRandom rnd = new SplittableRandom(5);
      List<Point> pts = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        pts.add(Point.of(i, new float[] {1 + rnd.nextFloat(), rnd.nextFloat()}, randomDoc(rnd)));
      }
      c.upsert(pts);
      Filter f = text("body", "red shoes");
      long unindexed = c.count(f);
      List<Point> scrolled = c.scroll(ScrollRequest.of(1000).withFilter(f)).points();
      c.createPayloadIndex("body", PayloadSchemaType.TEXT);
      assertEquals(unindexed, c.count(f));
      assertEquals(scrolled, c.scroll(ScrollRequest.of(1000).withFilter(f)).points());
      assertTrue(unindexed > 0 && unindexed < 300, "a selective test: " + unindexed);
      assertTrue(c.search(SearchRequest.of(new float[] {1, 0}, 10).withFilter(f)).stream()
          .allMatch(h -> FilterEvaluator.matches(f, null, h.payload())));
      assertTrue(c.searchHybrid(HybridSearchRequest.of(new float[] {1, 0}, "jacket", 10).withFilter(f)).stream()
          .allMatch(h -> FilterEvaluator.matches(f, null, h.payload())));
    }
  }
}
