package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filtered search through the planner returns k results with recall against exact filtered search. */
class FilteredSearchTest {

  @Test
  void filteredSearchAtOneTenAndFiftyPercent(@TempDir Path dir) throws Exception {
    Dataset d = ClusteredDataset.generate(20_000, 100, 128, 7);
    SplittableRandom rnd = new SplittableRandom(1);
    try (Quiver db = Quiver.open(dir, EmbeddedCollectionTest.fast())) {
      VectorCollection c = db.createCollection("f", CollectionConfig.single(VectorParams.of(128, Metric.COSINE)));
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < d.base().length; i++) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("bucket", rnd.nextInt(100));
        p.put("color", rnd.nextInt(100) < 10 ? "red" : "blue");
        batch.add(Point.of(i, d.base()[i], p));
        if (batch.size() == 2_000) {
          c.upsert(batch);
          batch = new ArrayList<>();
        }
      }
      for (boolean indexed : new boolean[] {false, true}) {
        if (indexed) {
          c.createPayloadIndex("bucket", PayloadSchemaType.INTEGER);
          c.createPayloadIndex("color", PayloadSchemaType.KEYWORD);
        }
        String[] filters = {
          "{\"must\": [{\"key\": \"bucket\", \"range\": {\"lt\": 1}}]}",
          "{\"must\": [{\"key\": \"bucket\", \"range\": {\"lt\": 10}}]}",
          "{\"must\": [{\"key\": \"bucket\", \"range\": {\"lt\": 50}}]}",
          "{\"must\": [{\"key\": \"color\", \"match\": {\"value\": \"red\"}}]}",
          "{\"must_not\": [{\"key\": \"color\", \"match\": {\"value\": \"red\"}}],"
              + " \"should\": [{\"key\": \"bucket\", \"range\": {\"gte\": 90}}, {\"key\": \"bucket\", \"range\": {\"lt\": 5}}]}",
        };
        for (String json : filters) {
          Filter f = Filter.parse(json);
          long matching = c.count(f);
          long hits = 0;
          for (float[] q : d.queries()) {
            List<ScoredPoint> approx = c.search(SearchRequest.of(q, 10).withFilter(f));
            List<ScoredPoint> exact = c.search(SearchRequest.of(q, 10).withFilter(f).withExact(true));
            assertEquals(Math.min(10, matching), approx.size(), json);
            Set<PointId> truth = new HashSet<>();
            exact.forEach(s -> truth.add(s.id()));
            hits += approx.stream().filter(s -> truth.contains(s.id())).count();
          }
          double recall = hits / (10.0 * d.queries().length);
          System.out.printf("filter %s (%d matching, indexed=%s): recall@10 %.4f%n", json, matching, indexed, recall);
          assertTrue(recall >= 0.95, json + " indexed=" + indexed + ": recall " + recall);
        }
      }
    }
  }
}
