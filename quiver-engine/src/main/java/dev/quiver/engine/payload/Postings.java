package dev.quiver.engine.payload;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The ordinals holding one value, as a sorted {@code int[]}: ordinals are assigned in increasing
 * order, so adds are appends; removes shift the tail (cheap for the short lists most values have).
 */
final class Postings {

  private int[] ords = new int[2];
  private int size;

  void add(int ord) {
    if (size > 0 && ords[size - 1] >= ord) {
      int at = Arrays.binarySearch(ords, 0, size, ord);
      if (at >= 0) {
        return;
      }
      insert(-at - 1, ord);
      return;
    }
    insert(size, ord);
  }

  private void insert(int at, int ord) {
    if (size == ords.length) {
      ords = Arrays.copyOf(ords, size * 2);
    }
    System.arraycopy(ords, at, ords, at + 1, size - at);
    ords[at] = ord;
    size++;
  }

  /** Removes {@code ord} if present. */
  void remove(int ord) {
    int at = Arrays.binarySearch(ords, 0, size, ord);
    if (at >= 0) {
      System.arraycopy(ords, at + 1, ords, at, size - at - 1);
      size--;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addTo(BitSet bits) {
    for (int i = 0; i < size; i++) {
      bits.set(ords[i]);
    }
  }

  long ramBytesUsed() {
    return 32 + 16 + 4L * ords.length;
  }
}
