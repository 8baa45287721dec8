package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashRecoveryTest}: writes batches forever, printing "ACK b" once
 * batch b's upsert has returned and "DEL b" once the delete of batch b has returned, until it is
 * killed. Batch b holds ids 10b..10b+9 with vectors and payloads derived from the id.
 */
public final class CrashWriter {

  static final String COLLECTION = "crash";
  static final int DIM = 8;
  static final int BATCH = 10;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long firstBatch = Long.parseLong(args[1]);
    Durability durability = Durability.parse(args[2]);
    QuiverConfig config = QuiverConfig.defaults().withDurability(durability)
        .withCheckpointLogBytes(64 << 10).withBuildThreads(1)
        // merges as soon as two segments of similar size exist, so kills land in merges too
        .withMergePolicy(SegmentedCollectionTest.eagerMerges());
    Quiver db = Quiver.open(dir, config);
    VectorCollection c = db.hasCollection(COLLECTION) ? db.collection(COLLECTION)
        : db.createCollection(COLLECTION, CollectionConfig.single(VectorParams.of(DIM, Metric.EUCLIDEAN)));
    System.out.println("READY");
    System.out.flush();
    for (long b = firstBatch; ; b++) {
      c.upsert(batch(b));
      System.out.println("ACK " + b);
      System.out.flush();
      if (b % 7 == 6 && b - 3 >= firstBatch) {
        List<PointId> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          ids.add(PointId.of((b - 3) * BATCH + i));
        }
        c.delete(ids);
        System.out.println("DEL " + (b - 3));
        System.out.flush();
      }
    }
  }

  static List<Point> batch(long b) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      long id = b * BATCH + i;
      points.add(Point.of(id, vectorOf(id), payloadOf(id, b)));
    }
    return points;
  }

  static float[] vectorOf(long id) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) Math.sin(id * 0.37 + i);
    }
    return v;
  }

  static ObjectNode payloadOf(long id, long batch) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("id", id);
    p.put("batch", batch);
    p.putArray("tags").add("t" + (id % 5)).add("b" + batch);
    return p;
  }
}
