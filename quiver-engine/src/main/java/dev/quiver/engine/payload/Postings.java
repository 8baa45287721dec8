package dev.quiver.engine.payload;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The ordinals holding one value. Sparse values keep a sorted {@code int[]} (ordinals are assigned
 * in increasing order, so adds are appends). Once a value is held by more than 1 in 32 of the
 * ordinals below its largest, a bit set is smaller, and it switches to one: that also keeps
 * removals O(1) for the values most points share ({@code true}, a common tag), where shifting the
 * array tail would make every update O(n). It switches back when it thins out below 1 in 128
 * (the gap avoids flapping on a boundary).
 */
final class Postings {

  /** Below this many ordinals an array is always kept: tiny bit sets are not worth the switch. */
  static final int MIN_DENSE = 64;

  private int[] ords = new int[2];
  /** Non-null in dense mode, when {@link #ords} is unused. */
  private BitSet dense;
  private int size;

  Postings() {}

  /**
   * The postings of {@code n} strictly increasing ordinals (read from a file: {@link PayloadIndexFile}),
   * taking {@code ords}; dense when adding them one by one would have made it dense.
   */
  static Postings ofSorted(int[] ords, int n) {
    Postings p = new Postings();
    p.size = n;
    if (n >= MIN_DENSE && n > (ords[n - 1] >>> 5)) {
      p.dense = new BitSet(ords[n - 1] + 1);
      for (int i = 0; i < n; i++) {
        p.dense.set(ords[i]);
      }
      p.ords = null;
    } else {
      p.ords = n >= 2 ? ords : Arrays.copyOf(ords, 2);
    }
    return p;
  }

  /** The postings of the {@code n} ordinals set in {@code bits}, taking it. */
  static Postings ofBits(BitSet bits, int n) {
    Postings p = new Postings();
    p.size = n;
    p.dense = bits;
    p.ords = null;
    if (n < MIN_DENSE || n <= ((bits.length() - 1) >>> 5)) {
      p.toSparse();
    }
    return p;
  }

  void add(int ord) {
    if (dense != null) {
      if (!dense.get(ord)) {
        dense.set(ord);
        size++;
      }
      return;
    }
    if (size > 0 && ords[size - 1] >= ord) {
      int at = Arrays.binarySearch(ords, 0, size, ord);
      if (at >= 0) {
        return;
      }
      insert(-at - 1, ord);
    } else {
      insert(size, ord);
    }
    if (size >= MIN_DENSE && size > (ords[size - 1] >>> 5)) {
      dense = new BitSet(ords[size - 1] + 1);
      for (int i = 0; i < size; i++) {
        dense.set(ords[i]);
      }
      ords = null;
    }
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
    if (dense != null) {
      if (dense.get(ord)) {
        dense.clear(ord);
        size--;
        if (size < MIN_DENSE / 2 || size < (dense.length() >>> 7)) {
          toSparse();
        }
      }
      return;
    }
    int at = Arrays.binarySearch(ords, 0, size, ord);
    if (at >= 0) {
      System.arraycopy(ords, at + 1, ords, at, size - at - 1);
      size--;
    }
  }

  private void toSparse() {
    ords = new int[Math.max(2, size)];
    int i = 0;
    for (int ord = dense.nextSetBit(0); ord >= 0; ord = dense.nextSetBit(ord + 1)) {
      ords[i++] = ord;
    }
    dense = null;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean isDense() {
    return dense != null;
  }

  boolean contains(int ord) {
    return dense != null ? dense.get(ord) : Arrays.binarySearch(ords, 0, size, ord) >= 0;
  }

  /** The ordinals, ascending (a copy). */
  int[] toArray() {
    if (dense == null) {
      return Arrays.copyOf(ords, size);
    }
    int[] out = new int[size];
    int i = 0;
    for (int ord = dense.nextSetBit(0); ord >= 0; ord = dense.nextSetBit(ord + 1)) {
      out[i++] = ord;
    }
    return out;
  }

  void addTo(BitSet bits) {
    if (dense != null) {
      bits.or(dense);
      return;
    }
    for (int i = 0; i < size; i++) {
      bits.set(ords[i]);
    }
  }

  long ramBytesUsed() {
    return 32 + 16 + (dense != null ? dense.size() / 8 : 4L * ords.length);
  }
}
