package dev.quiver.core.index;

/**
 * A read-only set of ordinals: the acceptance filter that searches take. {@code null} where a
 * {@code Bits} is expected means "accept everything".
 */
public interface Bits {

  /** Whether {@code ord} is in the set. Ordinals at or beyond {@link #length()} are not. */
  boolean get(int ord);

  /** One past the largest ordinal this set can hold. */
  int length();

  /**
   * The number of ordinals in the set, or -1 when it is not known cheaply. Searches use it to choose
   * between an exact scan of the accepted ordinals and a filtered graph walk.
   */
  default int cardinality() {
    return -1;
  }
}
