package dev.quiver.engine.quality;

import dev.quiver.core.index.Bits;
import dev.quiver.core.index.TopHits;

/**
 * What a health report needs of one named vector: stored vectors by ordinal and approximate k-NN
 * over them. A collection implements it over one view of its segments (ordinals are view
 * ordinals), so the report needs no lock and sees one consistent set of points.
 */
public interface KnnSource {

  /** Ordinals addressed (live and not): the length of an acceptance set. */
  int size();

  /** The stored (prepared) vector of {@code ord}; do not modify it. */
  float[] vector(int ord);

  /** The {@code k} nearest accepted ordinals (all when {@code accept} is null), best first. */
  TopHits search(float[] query, int k, int ef, Bits accept);
}
