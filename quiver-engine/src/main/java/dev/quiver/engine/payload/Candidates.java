package dev.quiver.engine.payload;

import dev.quiver.core.index.FixedBitSet;

/**
 * What the payload indexes can say about a filter before any payload is read.
 *
 * @param bits the ordinals that may match, or null when the indexes cannot narrow (every live point
 *     may match)
 * @param exact whether {@code bits} is exactly the set of live matching ordinals, so no payload needs
 *     evaluating
 * @param estimate the number of matches when exact, else an upper bound ({@code bits}' cardinality,
 *     or {@link Integer#MAX_VALUE} when there are no bits)
 */
public record Candidates(FixedBitSet bits, boolean exact, int estimate) {

  private static final Candidates UNKNOWN = new Candidates(null, false, Integer.MAX_VALUE);

  public Candidates {
    if (exact && bits == null) {
      throw new IllegalArgumentException("exact candidates need bits, got null");
    }
    if (estimate < 0) {
      throw new IllegalArgumentException("estimate must be >= 0, got " + estimate);
    }
  }

  /** The indexes cannot narrow this filter. */
  public static Candidates unknown() {
    return UNKNOWN;
  }
}
