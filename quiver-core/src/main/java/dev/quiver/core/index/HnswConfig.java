package dev.quiver.core.index;

/**
 * Parameters of an {@link HnswIndex}, named as in the HNSW paper (Malkov and Yashunin, 2018).
 *
 * <dl>
 *   <dt>{@code m}</dt>
 *   <dd>Neighbours kept per node on the upper layers; layer 0 keeps {@code 2 * m}. More means
 *       better recall and more memory and build time. Default {@value #DEFAULT_M}.</dd>
 *   <dt>{@code efConstruction}</dt>
 *   <dd>Size of the candidate list while inserting. More means a better graph and a slower build.
 *       Default {@value #DEFAULT_EF_CONSTRUCTION}.</dd>
 *   <dt>{@code efSearch}</dt>
 *   <dd>Size of the candidate list while searching (at least {@code k} is always used). The recall
 *       versus speed knob, adjustable per query. Default {@value #DEFAULT_EF_SEARCH}.</dd>
 *   <dt>{@code seed}</dt>
 *   <dd>Seeds the layer assignment, so a single-threaded build is reproducible.</dd>
 * </dl>
 */
public record HnswConfig(int m, int efConstruction, int efSearch, long seed) {

  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final int DEFAULT_EF_SEARCH = 100;
  public static final long DEFAULT_SEED = 42L;
  /** Upper bound on {@code m}: larger lists stop paying off long before this. */
  public static final int MAX_M = 512;

  public HnswConfig {
    if (m < 2 || m > MAX_M) {
      throw new IllegalArgumentException("m must be in [2, " + MAX_M + "], got " + m);
    }
    if (efConstruction < 1) {
      throw new IllegalArgumentException("efConstruction must be >= 1, got " + efConstruction);
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1, got " + efSearch);
    }
  }

  public static HnswConfig defaults() {
    return new HnswConfig(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH, DEFAULT_SEED);
  }

  public HnswConfig withM(int m) {
    return new HnswConfig(m, efConstruction, efSearch, seed);
  }

  public HnswConfig withEfConstruction(int efConstruction) {
    return new HnswConfig(m, efConstruction, efSearch, seed);
  }

  public HnswConfig withEfSearch(int efSearch) {
    return new HnswConfig(m, efConstruction, efSearch, seed);
  }

  public HnswConfig withSeed(long seed) {
    return new HnswConfig(m, efConstruction, efSearch, seed);
  }

  /** Neighbours kept on {@code level}: {@code 2m} on layer 0, {@code m} above. */
  public int maxConnections(int level) {
    return level == 0 ? 2 * m : m;
  }
}
