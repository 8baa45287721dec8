package dev.quiver.engine.text;

import java.util.Arrays;

/**
 * The documents holding one term: ordinals ascending, with the term's frequency in each. New points
 * get increasing ordinals, so adding is an append; a payload update re-adds an older ordinal, which
 * shifts the tail (as does a removal): O(postings) for that term, the price of arrays a search can
 * walk and binary-search without indirection.
 *
 * <p>Not thread-safe; guarded like {@link TextIndex}.
 */
final class TermPostings {

  private int[] ords = new int[2];
  private int[] freqs = new int[2];
  private int size;
  /** Largest frequency ever added: with {@link #minLength}, a bound for scoring (not lowered on removal). */
  private int maxFreq;
  /** Shortest document ever added (not raised on removal). */
  private int minLength = Integer.MAX_VALUE;

  TermPostings() {}

  /**
   * Postings read from a file: the first {@code size} of {@code ords} (strictly increasing) and
   * {@code freqs}, with the bounds as they were written. Takes the arrays.
   */
  TermPostings(int[] ords, int[] freqs, int size, int maxFreq, int minLength) {
    this.ords = ords;
    this.freqs = freqs;
    this.size = size;
    this.maxFreq = maxFreq;
    this.minLength = minLength;
  }

  /** Adds (or updates) {@code ord}, which holds the term {@code freq} times in {@code length} terms. */
  void add(int ord, int freq, int length) {
    int at = size > 0 && ords[size - 1] >= ord ? Arrays.binarySearch(ords, 0, size, ord) : -size - 1;
    if (at >= 0) {
      freqs[at] = freq;
    } else {
      at = -at - 1;
      if (size == ords.length) {
        ords = Arrays.copyOf(ords, size * 2);
        freqs = Arrays.copyOf(freqs, size * 2);
      }
      System.arraycopy(ords, at, ords, at + 1, size - at);
      System.arraycopy(freqs, at, freqs, at + 1, size - at);
      ords[at] = ord;
      freqs[at] = freq;
      size++;
    }
    maxFreq = Math.max(maxFreq, freq);
    minLength = Math.min(minLength, length);
  }

  /** Removes {@code ord} if present. */
  void remove(int ord) {
    int at = Arrays.binarySearch(ords, 0, size, ord);
    if (at >= 0) {
      System.arraycopy(ords, at + 1, ords, at, size - at - 1);
      System.arraycopy(freqs, at + 1, freqs, at, size - at - 1);
      size--;
      if (size < ords.length / 4 && ords.length > 8) {
        ords = Arrays.copyOf(ords, ords.length / 2);
        freqs = Arrays.copyOf(freqs, freqs.length / 2);
      }
    }
  }

  int size() {
    return size;
  }

  int ord(int i) {
    return ords[i];
  }

  int freq(int i) {
    return freqs[i];
  }

  int maxFreq() {
    return maxFreq;
  }

  int minLength() {
    return minLength;
  }

  /** The first position at or after {@code from} whose ordinal is ≥ {@code target} ({@code size()} if none). */
  int advance(int from, int target) {
    if (from >= size || ords[from] >= target) {
      return from;
    }
    // Gallop, then binary-search the bracket: cheap for both near and far targets.
    int step = 1;
    int lo = from;
    int hi = from + 1;
    while (hi < size && ords[hi] < target) {
      lo = hi;
      step <<= 1;
      hi = from + step;
    }
    hi = Math.min(hi, size);
    int at = Arrays.binarySearch(ords, lo + 1, hi, target);
    return at >= 0 ? at : -at - 1;
  }

  long ramBytesUsed() {
    return 48 + 8L * ords.length;
  }
}
