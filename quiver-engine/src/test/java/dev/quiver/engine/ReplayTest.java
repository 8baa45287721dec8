package dev.quiver.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.payload.PayloadSchemaType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log replay batches the vector index work of many records and runs it on the build threads
 * ({@link MutableSegment#deferIndexing}); the state must be exactly what applying the ops one by
 * one gives: ids, ordinals, payloads, payload indexes, vectors and tombstones. Opening reports
 * what it replayed.
 */
class ReplayTest {

  static final CollectionConfig CONFIG = CollectionConfig.named(new LinkedHashMap<>(Map.of(
      "a", VectorParams.of(6, Metric.COSINE), "b", VectorParams.of(5, Metric.EUCLIDEAN))));

  /** Random writes over a small id space, so that re-upserts, deletes of fresh points and repeats abound. */
  static List<Op> randomOps(SplittableRandom rnd, int count) {
    List<Op> ops = new ArrayList<>();
    ops.add(new Op.CreatePayloadIndex("tag", PayloadSchemaType.KEYWORD));
    for (int n = 0; n < count; n++) {
      int kind = rnd.nextInt(10);
      if (kind < 6) {
        int size = rnd.nextInt(5) == 0 ? 300 + rnd.nextInt(200) : 1 + rnd.nextInt(20); // some big batches too
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          long id = rnd.nextInt(800);
          ObjectNode payload = JsonNodeFactory.instance.objectNode().put("tag", "t" + rnd.nextInt(4)).put("n", n);
          points.add(new Point(PointId.of(id), Map.of("a", vector(rnd, 6), "b", vector(rnd, 5)), payload));
        }
        ops.add(new Op.Upsert(points));
      } else if (kind < 8) {
        List<PointId> ids = new ArrayList<>();
        for (int i = rnd.nextInt(30); i >= 0; i--) {
          ids.add(PointId.of(rnd.nextInt(800)));
        }
        ops.add(new Op.Delete(ids));
      } else if (kind == 8) {
        ops.add(new Op.SetPayload(List.of(PointId.of(rnd.nextInt(800)), PointId.of(rnd.nextInt(800))),
            JsonNodeFactory.instance.objectNode().put("tag", "set" + n), rnd.nextBoolean()));
      } else {
        ops.add(n % 3 == 0 ? new Op.DeletePayloadKeys(List.of(PointId.of(rnd.nextInt(800))), List.of("tag"))
            : new Op.CreatePayloadIndex("n", PayloadSchemaType.INTEGER));
      }
    }
    return ops;
  }

  static float[] vector(SplittableRandom rnd, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    v[0] += 0.01f; // never all zeros
    return v;
  }

  @Test
  void batchedReplayGivesTheStateOfApplyingOpByOp() {
    for (int seed = 0; seed < 4; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      List<Op> ops = randomOps(rnd, 150);
      Segments oneByOne = new Segments(CONFIG, 1);
      applyAll(oneByOne, ops);

      Segments batched = new Segments(CONFIG, 2);
      batched.mutable().deferIndexing();
      int flushAt = 50 + rnd.nextInt(2000); // flushes at arbitrary points, as the replay batch size does
      long lsn = 0;
      for (Op op : ops) {
        batched.apply(op, ++lsn);
        if (batched.mutable().pendingVectorCount() >= flushAt) {
          batched.mutable().flushIndexing();
          batched.mutable().deferIndexing();
        }
      }
      batched.mutable().flushIndexing();
      assertSameState(oneByOne, batched, ops.size(), "seed " + seed);
    }
  }

  static void applyAll(Segments s, List<Op> ops) {
    long lsn = 0;
    for (Op op : ops) {
      s.apply(op, ++lsn);
    }
  }

  static void assertSameState(Segments want, Segments got, long lsn, String where) {
    MutableSegment a = want.mutable();
    MutableSegment b = got.mutable();
    assertEquals(a.size(), b.size(), where + ": ordinals");
    for (int ord = 0; ord < a.size(); ord++) {
      assertEquals(a.id(ord), b.id(ord), where + ": id of ord " + ord);
      assertEquals(String.valueOf(a.payload(ord)), String.valueOf(b.payload(ord)), where + ": payload of ord " + ord);
      assertEquals(a.deletedAt[ord] <= lsn, b.deletedAt[ord] <= lsn, where + ": deleted ord " + ord);
    }
    assertEquals(want.liveCount(), got.liveCount(), where + ": live ids");
    assertEquals(want.schema(), got.schema(), where + ": payload index schema");
    assertEquals(want.deletedVectors(), got.deletedVectors(), where);
    for (String name : a.indexes.keySet()) {
      HnswIndex x = a.indexes.get(name);
      HnswIndex y = b.indexes.get(name);
      assertEquals(x.size(), y.size(), where + ": index " + name);
      for (int ord = 0; ord < x.size(); ord++) {
        assertArrayEquals(x.vector(ord), y.vector(ord), where + ": index " + name + " ord " + ord);
      }
    }
    for (String tag : List.of("t0", "t1", "t2", "t3", "set7")) {
      Filter f = Filter.parse("{\"must\": [{\"key\": \"tag\", \"match\": {\"value\": \"" + tag + "\"}}]}");
      assertEquals(count(want, lsn, f), count(got, lsn, f), where + ": points tagged " + tag);
    }
  }

  static long count(Segments s, long lsn, Filter f) {
    long n = 0;
    for (SegmentView.Part part : s.view(lsn).parts) {
      n += FilterPlanner.count(part, f);
    }
    return n;
  }

  @Test
  void reopeningReplaysTheLogToTheSameCollectionAndReportsIt(@TempDir Path dir) throws Exception {
    QuiverConfig config = QuiverConfig.defaults().withCheckpointOnClose(false).withCheckpointLogBytes(Long.MAX_VALUE)
        .withBuildThreads(2).withDurability(dev.quiver.storage.Durability.NONE);
    List<Op> ops = randomOps(new SplittableRandom(99), 120);
    Segments live;
    long records = 0;
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.createCollection("r", CONFIG);
      for (Op op : ops) {
        switch (op) {
          case Op.Upsert u -> c.upsert(u.points());
          case Op.Delete d -> c.delete(d.ids());
          case Op.SetPayload s when s.overwrite() -> c.overwritePayload(s.ids(), s.payload());
          case Op.SetPayload s -> c.setPayload(s.ids(), s.payload());
          case Op.DeletePayloadKeys k -> c.deletePayloadKeys(k.ids(), k.keys());
          case Op.CreatePayloadIndex p -> c.createPayloadIndex(p.field(), p.type());
          case Op.DropPayloadIndex p -> c.dropPayloadIndex(p.field());
        }
      }
      records = c.info().lastLsn();
      live = new Segments(CONFIG, 1);
      applyAll(live, ops);
    }
    try (Quiver db = Quiver.open(dir, config)) {
      EmbeddedCollection c = db.collection("r");
      RecoveryReport r = c.recovery();
      assertEquals(0, r.checkpointLsn());
      assertEquals(records, r.replayedRecords());
      assertTrue(r.replayedBytes() > 0 && r.replayedBytes() < c.info().walBytes(), r.toString());
      assertTrue(r.openMillis() >= r.replayMillis(), r.toString());
      assertSameState(live, stateOf(c), Long.MAX_VALUE - 1, "reopened");
    }
  }

  /** The collection's state (read through reflection: tests only). */
  static Segments stateOf(EmbeddedCollection c) throws ReflectiveOperationException {
    var f = EmbeddedCollection.class.getDeclaredField("segments");
    f.setAccessible(true);
    return (Segments) f.get(c);
  }
}
