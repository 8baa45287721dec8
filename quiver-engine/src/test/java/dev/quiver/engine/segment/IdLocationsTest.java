package dev.quiver.engine.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.engine.PointId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdLocationsTest {

  @Test
  void packsSegmentAndOrdinal() {
    long loc = IdLocations.location(7, Integer.MAX_VALUE);
    assertEquals(7, IdLocations.segmentOf(loc));
    assertEquals(Integer.MAX_VALUE, IdLocations.ordOf(loc));
    assertEquals(0, IdLocations.ordOf(IdLocations.location(Integer.MAX_VALUE, 0)));
    assertThrows(IllegalArgumentException.class, () -> IdLocations.location(-1, 0));
  }

  /** Random puts, overwrites and removes against a HashMap, with the awkward keys mixed in. */
  @Test
  void agreesWithAHashMapUnderRandomOperations() {
    Random rnd = new Random(42);
    List<PointId> pool = new ArrayList<>();
    pool.add(PointId.of(0));
    pool.add(PointId.of(-1L)); // the unsigned maximum
    pool.add(PointId.of(new UUID(0, 0)));
    pool.add(PointId.of(new UUID(0, 1)));
    for (int i = 0; i < 3000; i++) {
      pool.add(PointId.of(i)); // sequential ids: the common case, and the worst for a weak hash
      pool.add(PointId.of(rnd.nextLong()));
      pool.add(PointId.of(new UUID(rnd.nextLong(), rnd.nextLong())));
      pool.add(PointId.of(new UUID(i, 0)));
    }
    IdLocations map = new IdLocations();
    Map<PointId, Long> oracle = new HashMap<>();
    for (int step = 0; step < 400_000; step++) {
      PointId id = pool.get(rnd.nextInt(pool.size()));
      int op = rnd.nextInt(10);
      if (op < 6) {
        long loc = IdLocations.location(rnd.nextInt(50), rnd.nextInt(1 << 20));
        Long old = oracle.put(id, loc);
        assertEquals(old == null ? IdLocations.ABSENT : old, map.put(id, loc), id::toString);
      } else if (op < 9) {
        Long old = oracle.remove(id);
        assertEquals(old == null ? IdLocations.ABSENT : old, map.remove(id), id::toString);
      } else {
        Long v = oracle.get(id);
        assertEquals(v == null ? IdLocations.ABSENT : v, map.get(id), id::toString);
      }
      if (step % 50_000 == 0) {
        for (PointId p : pool) {
          Long v = oracle.get(p);
          assertEquals(v == null ? IdLocations.ABSENT : v, map.get(p), p::toString);
        }
      }
      assertEquals(oracle.size(), map.size());
    }
    for (PointId p : pool) {
      Long v = oracle.get(p);
      assertEquals(v == null ? IdLocations.ABSENT : v, map.get(p), p::toString);
    }
  }

  @Test
  void aMillionNumericIdsStayCompact() {
    IdLocations map = new IdLocations();
    for (int i = 0; i < 1_000_000; i++) {
      map.put(PointId.of(i), IdLocations.location(i / 100_000, i % 100_000));
    }
    assertEquals(1_000_000, map.size());
    assertEquals(IdLocations.location(9, 99_999), map.get(PointId.of(999_999)));
    // 2^21 slots of 16 bytes: a third of what boxed TreeMap entries take
    assertTrue(map.ramBytesUsed() <= 40L << 20, map::toString);
  }
}
