package dev.quiver.bench.ann;

/**
 * The graph parameters every graph engine is built with, so that none gets a bigger graph or a
 * wider construction beam than the others.
 *
 * @param m neighbours per node on the upper layers; layer 0 keeps {@code 2 * m} (HNSW convention)
 * @param efConstruction the candidate list (beam) size while inserting
 */
public record GraphConfig(int m, int efConstruction) {

  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;

  public GraphConfig {
    if (m < 2) {
      throw new IllegalArgumentException("m must be >= 2, got " + m);
    }
    if (efConstruction < 1) {
      throw new IllegalArgumentException("efConstruction must be >= 1, got " + efConstruction);
    }
  }

  public static GraphConfig defaults() {
    return new GraphConfig(DEFAULT_M, DEFAULT_EF_CONSTRUCTION);
  }
}
