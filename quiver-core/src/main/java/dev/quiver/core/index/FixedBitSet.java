package dev.quiver.core.index;

import java.util.Arrays;

/** A bit set of fixed length over ordinals, backed by a {@code long[]}. Not thread-safe. */
public final class FixedBitSet implements Bits {

  private final long[] words;
  private final int length;

  public FixedBitSet(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("bit set length must be >= 0, got " + length);
    }
    this.length = length;
    this.words = new long[(length + 63) >>> 6];
  }

  private FixedBitSet(long[] words, int length) {
    this.words = words;
    this.length = length;
  }

  /** A bit set over {@code length} ordinals backed by {@code words} (not copied). */
  static FixedBitSet wrap(long[] words, int length) {
    if (words.length != (length + 63) >>> 6) {
      throw new IllegalArgumentException(
          words.length + " words cannot hold exactly " + length + " bits");
    }
    return new FixedBitSet(words, length);
  }

  @Override
  public boolean get(int ord) {
    return ord >= 0 && ord < length && (words[ord >>> 6] & (1L << ord)) != 0;
  }

  public void set(int ord) {
    checkIndex(ord);
    words[ord >>> 6] |= 1L << ord;
  }

  public void clear(int ord) {
    checkIndex(ord);
    words[ord >>> 6] &= ~(1L << ord);
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public int cardinality() {
    int count = 0;
    for (long w : words) {
      count += Long.bitCount(w);
    }
    return count;
  }

  /** The first set ordinal at or after {@code from}, or -1 when there is none. */
  public int nextSetBit(int from) {
    if (from >= length) {
      return -1;
    }
    int i = from >>> 6;
    long word = words[i] & (-1L << from);
    while (true) {
      if (word != 0) {
        int ord = (i << 6) + Long.numberOfTrailingZeros(word);
        return ord < length ? ord : -1;
      }
      if (++i >= words.length) {
        return -1;
      }
      word = words[i];
    }
  }

  /** A copy with room for {@code newLength} ordinals (larger or smaller). */
  public FixedBitSet copy(int newLength) {
    FixedBitSet copy = new FixedBitSet(newLength);
    System.arraycopy(words, 0, copy.words, 0, Math.min(words.length, copy.words.length));
    if ((newLength & 63) != 0 && copy.words.length > 0) {
      copy.words[copy.words.length - 1] &= (1L << newLength) - 1;
    }
    return copy;
  }

  long[] words() {
    return words;
  }

  private void checkIndex(int ord) {
    if (ord < 0 || ord >= length) {
      throw new IndexOutOfBoundsException("ordinal " + ord + " outside [0, " + length + ")");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FixedBitSet other && other.length == length && Arrays.equals(other.words, words);
  }

  @Override
  public int hashCode() {
    return 31 * length + Arrays.hashCode(words);
  }
}
