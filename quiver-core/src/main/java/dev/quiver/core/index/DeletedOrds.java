package dev.quiver.core.index;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The tombstones of an index: a growable, thread-safe bit set. Writers serialise on this object's
 * monitor (deletes are rare next to searches); readers take no lock and see every delete that
 * happened-before their read through the volatile array reference and the atomic words.
 */
final class DeletedOrds implements Bits {

  private volatile AtomicLongArray words = new AtomicLongArray(1);
  private volatile int count;

  @Override
  public boolean get(int ord) {
    AtomicLongArray w = words;
    int i = ord >>> 6;
    return i < w.length() && (w.get(i) & (1L << ord)) != 0;
  }

  @Override
  public int length() {
    return words.length() << 6;
  }

  @Override
  public int cardinality() {
    return count;
  }

  /** Marks {@code ord} deleted; returns false if it already was. */
  synchronized boolean set(int ord) {
    int i = ord >>> 6;
    AtomicLongArray w = words;
    if (i >= w.length()) {
      AtomicLongArray grown = new AtomicLongArray(Math.max(i + 1, w.length() * 2));
      for (int j = 0; j < w.length(); j++) {
        grown.set(j, w.get(j));
      }
      words = w = grown;
    }
    long old = w.get(i);
    if ((old & (1L << ord)) != 0) {
      return false;
    }
    w.set(i, old | (1L << ord));
    count++;
    return true;
  }

  /** A plain snapshot over {@code length} ordinals, for saving. */
  synchronized FixedBitSet snapshot(int length) {
    FixedBitSet copy = new FixedBitSet(length);
    AtomicLongArray w = words;
    for (int ord = 0; ord < length; ord++) {
      int i = ord >>> 6;
      if (i < w.length() && (w.get(i) & (1L << ord)) != 0) {
        copy.set(ord);
      }
    }
    return copy;
  }
}
