package dev.quiver.engine.segment;

import dev.quiver.engine.PointId;
import java.util.UUID;

/**
 * Where each live point is: point id → a location {@code long} (a segment's number and the
 * point's ordinal in it, see {@link #location}). Two open-addressing tables with linear probing
 * and backward-shift deletion, one for numeric ids (a {@code long} key) and one for UUIDs (two
 * {@code long}s), so a million ids cost about 24 MB, not the ~100 MB of a {@code TreeMap} of
 * boxed ids and integers. Rebuilt on open from the segments' id files; never reads payloads.
 *
 * <p>Not thread-safe: the collection's applying thread writes it, in log order, and readers are
 * serialised with it by the collection.
 */
public final class IdLocations {

  /** Returned by {@link #get} for an id with no location. */
  public static final long ABSENT = -1L;

  private static final int MIN_CAPACITY = 16;
  /** Resize above this fill: linear probing degrades fast past about 0.7. */
  private static final double MAX_LOAD = 0.65;

  // Numeric ids: key 0 marks an empty slot, so the id 0 lives in its own field.
  private long[] numKeys = new long[MIN_CAPACITY];
  private long[] numValues = new long[MIN_CAPACITY];
  private int numCount;
  private long zeroValue = ABSENT;

  // UUIDs: a slot is empty when both halves are 0, so the nil UUID lives in its own field.
  private long[] uuidHi = new long[MIN_CAPACITY];
  private long[] uuidLo = new long[MIN_CAPACITY];
  private long[] uuidValues = new long[MIN_CAPACITY];
  private int uuidCount;
  private long nilValue = ABSENT;

  /** Packs a segment number (0..2^31-1) and an ordinal (0..2^31-1) into one location. */
  public static long location(int segment, int ord) {
    if (segment < 0 || ord < 0) {
      throw new IllegalArgumentException("segment " + segment + " and ordinal " + ord + " must be non-negative");
    }
    return ((long) segment << 32) | ord;
  }

  public static int segmentOf(long location) {
    return (int) (location >>> 32);
  }

  public static int ordOf(long location) {
    return (int) location;
  }

  /** Live ids held. */
  public int size() {
    return numCount + uuidCount + (zeroValue != ABSENT ? 1 : 0) + (nilValue != ABSENT ? 1 : 0);
  }

  /** The location of {@code id}, or {@link #ABSENT}. */
  public long get(PointId id) {
    if (id instanceof PointId.Num n) {
      long k = n.value();
      if (k == 0) {
        return zeroValue;
      }
      int mask = numKeys.length - 1;
      for (int i = slot(mix(k), mask); ; i = (i + 1) & mask) {
        long key = numKeys[i];
        if (key == k) {
          return numValues[i];
        }
        if (key == 0) {
          return ABSENT;
        }
      }
    }
    UUID u = ((PointId.Uuid) id).value();
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    if (hi == 0 && lo == 0) {
      return nilValue;
    }
    int mask = uuidHi.length - 1;
    for (int i = slot(mix(hi) ^ mix(lo + 0x9E3779B97F4A7C15L), mask); ; i = (i + 1) & mask) {
      if (uuidHi[i] == hi && uuidLo[i] == lo) {
        return uuidValues[i];
      }
      if (uuidHi[i] == 0 && uuidLo[i] == 0) {
        return ABSENT;
      }
    }
  }

  /** Sets the location of {@code id}; returns the previous one or {@link #ABSENT}. */
  public long put(PointId id, long location) {
    if (location < 0) {
      throw new IllegalArgumentException("location " + location + " is negative");
    }
    if (id instanceof PointId.Num n) {
      long k = n.value();
      if (k == 0) {
        long old = zeroValue;
        zeroValue = location;
        return old;
      }
      if (numCount + 1 > numKeys.length * MAX_LOAD) {
        growNum();
      }
      int mask = numKeys.length - 1;
      for (int i = slot(mix(k), mask); ; i = (i + 1) & mask) {
        if (numKeys[i] == k) {
          long old = numValues[i];
          numValues[i] = location;
          return old;
        }
        if (numKeys[i] == 0) {
          numKeys[i] = k;
          numValues[i] = location;
          numCount++;
          return ABSENT;
        }
      }
    }
    UUID u = ((PointId.Uuid) id).value();
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    if (hi == 0 && lo == 0) {
      long old = nilValue;
      nilValue = location;
      return old;
    }
    if (uuidCount + 1 > uuidHi.length * MAX_LOAD) {
      growUuid();
    }
    return putUuid(hi, lo, location);
  }

  /** Removes {@code id}; returns its location or {@link #ABSENT}. */
  public long remove(PointId id) {
    if (id instanceof PointId.Num n) {
      long k = n.value();
      if (k == 0) {
        long old = zeroValue;
        zeroValue = ABSENT;
        return old;
      }
      int mask = numKeys.length - 1;
      for (int i = slot(mix(k), mask); ; i = (i + 1) & mask) {
        if (numKeys[i] == k) {
          long old = numValues[i];
          shiftBackNum(i);
          numCount--;
          return old;
        }
        if (numKeys[i] == 0) {
          return ABSENT;
        }
      }
    }
    UUID u = ((PointId.Uuid) id).value();
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    if (hi == 0 && lo == 0) {
      long old = nilValue;
      nilValue = ABSENT;
      return old;
    }
    int mask = uuidHi.length - 1;
    for (int i = slot(mix(hi) ^ mix(lo + 0x9E3779B97F4A7C15L), mask); ; i = (i + 1) & mask) {
      if (uuidHi[i] == hi && uuidLo[i] == lo) {
        long old = uuidValues[i];
        shiftBackUuid(i);
        uuidCount--;
        return old;
      }
      if (uuidHi[i] == 0 && uuidLo[i] == 0) {
        return ABSENT;
      }
    }
  }

  /** Approximate heap bytes held by the tables. */
  public long ramBytesUsed() {
    return 16L * numKeys.length + 24L * uuidHi.length + 64;
  }

  // Backward-shift deletion: move later entries of the probe run into the hole whenever their home
  // slot does not lie cyclically in (hole, their slot], so lookups never need tombstones.
  private void shiftBackNum(int hole) {
    int mask = numKeys.length - 1;
    for (int i = (hole + 1) & mask; numKeys[i] != 0; i = (i + 1) & mask) {
      int home = slot(mix(numKeys[i]), mask);
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        numKeys[hole] = numKeys[i];
        numValues[hole] = numValues[i];
        hole = i;
      }
    }
    numKeys[hole] = 0;
    numValues[hole] = 0;
  }

  private void shiftBackUuid(int hole) {
    int mask = uuidHi.length - 1;
    for (int i = (hole + 1) & mask; uuidHi[i] != 0 || uuidLo[i] != 0; i = (i + 1) & mask) {
      int home = slot(mix(uuidHi[i]) ^ mix(uuidLo[i] + 0x9E3779B97F4A7C15L), mask);
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        uuidHi[hole] = uuidHi[i];
        uuidLo[hole] = uuidLo[i];
        uuidValues[hole] = uuidValues[i];
        hole = i;
      }
    }
    uuidHi[hole] = 0;
    uuidLo[hole] = 0;
    uuidValues[hole] = 0;
  }

  private void growNum() {
    long[] keys = numKeys;
    long[] values = numValues;
    numKeys = new long[keys.length * 2];
    numValues = new long[keys.length * 2];
    int mask = numKeys.length - 1;
    for (int j = 0; j < keys.length; j++) {
      if (keys[j] != 0) {
        int i = slot(mix(keys[j]), mask);
        while (numKeys[i] != 0) {
          i = (i + 1) & mask;
        }
        numKeys[i] = keys[j];
        numValues[i] = values[j];
      }
    }
  }

  private void growUuid() {
    long[] his = uuidHi;
    long[] los = uuidLo;
    long[] values = uuidValues;
    uuidHi = new long[his.length * 2];
    uuidLo = new long[his.length * 2];
    uuidValues = new long[his.length * 2];
    uuidCount = 0;
    for (int j = 0; j < his.length; j++) {
      if (his[j] != 0 || los[j] != 0) {
        putUuid(his[j], los[j], values[j]);
      }
    }
  }

  private long putUuid(long hi, long lo, long location) {
    int mask = uuidHi.length - 1;
    for (int i = slot(mix(hi) ^ mix(lo + 0x9E3779B97F4A7C15L), mask); ; i = (i + 1) & mask) {
      if (uuidHi[i] == hi && uuidLo[i] == lo) {
        long old = uuidValues[i];
        uuidValues[i] = location;
        return old;
      }
      if (uuidHi[i] == 0 && uuidLo[i] == 0) {
        uuidHi[i] = hi;
        uuidLo[i] = lo;
        uuidValues[i] = location;
        uuidCount++;
        return ABSENT;
      }
    }
  }

  /** A 64-bit finaliser (from SplitMix64): sequential ids spread over the table. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int slot(long hash, int mask) {
    return (int) hash & mask;
  }

  @Override
  public String toString() {
    return "IdLocations[" + size() + " ids, " + numKeys.length + "+" + uuidHi.length + " slots]";
  }

  /** For tests: the tables' capacities. */
  int[] capacities() {
    return new int[] {numKeys.length, uuidHi.length};
  }
}
