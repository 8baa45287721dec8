package dev.quiver.core.index;

import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vectors by ordinal, on the heap, in chunks of {@value #CHUNK_SIZE} so that growth never copies
 * vectors and a writer never races a resize.
 *
 * <p>Concurrency: {@link #set} may be called by several threads for distinct ordinals. The chunk
 * directory is replaced only under this object's monitor; the vector written into a slot becomes
 * visible to readers through whatever publishes the ordinal (the graph's release/acquire on its
 * neighbour lists, or the index's volatile size).
 */
final class OnHeapVectors implements VectorValues {

  static final int CHUNK_SHIFT = 12;
  static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;

  private static final VectorMath MATH = VectorMath.get();

  private final int dimension;
  private volatile float[][][] chunks = new float[4][][];
  /** One past the largest ordinal set; raised (never lowered) by concurrent writers. */
  private final AtomicInteger size = new AtomicInteger();

  OnHeapVectors(int dimension) {
    this.dimension = dimension;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return size.get();
  }

  @Override
  public float[] vector(int ord) {
    return get(ord);
  }

  @Override
  public boolean hasVector(int ord) {
    return get(ord) != null;
  }

  /** The vector at {@code ord}, or null if none was stored there (yet). */
  float[] get(int ord) {
    float[][][] dir = chunks;
    int c = ord >>> CHUNK_SHIFT;
    if (c >= dir.length) {
      return null;
    }
    float[][] chunk = dir[c];
    return chunk == null ? null : chunk[ord & CHUNK_MASK];
  }

  void set(int ord, float[] vector) {
    int c = ord >>> CHUNK_SHIFT;
    float[][][] dir = chunks;
    if (c >= dir.length || dir[c] == null) {
      dir = ensureChunk(c);
    }
    dir[c][ord & CHUNK_MASK] = vector;
    if (size.get() <= ord) {
      size.accumulateAndGet(ord + 1, Math::max);
    }
  }

  private synchronized float[][][] ensureChunk(int c) {
    float[][][] dir = chunks;
    if (c >= dir.length) {
      float[][][] grown = new float[Math.max(c + 1, dir.length * 2)][][];
      System.arraycopy(dir, 0, grown, 0, dir.length);
      dir = grown;
    }
    for (int i = 0; i <= c; i++) {
      if (dir[i] == null) {
        dir[i] = new float[CHUNK_SIZE][];
      }
    }
    chunks = dir;
    return dir;
  }

  /**
   * Scorers over these vectors. One lambda class per metric keeps the metric switch out of the
   * per-vector call; a scorer of a stored ordinal captures its array once, so construction pays
   * one chunk lookup per comparison, as it did when the graph read the arrays itself.
   */
  @Override
  public ScorerSupplier scorerSupplier(Metric metric) {
    return switch (metric) {
      case COSINE, DOT -> new ScorerSupplier() {
        @Override
        public VectorScorer scorer(int ord) {
          return queryScorer(get(ord));
        }

        @Override
        public VectorScorer queryScorer(float[] query) {
          return other -> MATH.dot(query, get(other));
        }
      };
      case EUCLIDEAN -> new ScorerSupplier() {
        @Override
        public VectorScorer scorer(int ord) {
          return queryScorer(get(ord));
        }

        @Override
        public VectorScorer queryScorer(float[] query) {
          return other -> -MATH.squareDistance(query, get(other));
        }
      };
    };
  }

  /** Approximate heap bytes for {@code count} vectors: array headers plus the floats. */
  long ramBytesUsed(int count) {
    long perVector = 16L + 4L * dimension + 4; // array header + floats + reference in the chunk
    return count * perVector + (long) chunks.length * (16L + 4L * CHUNK_SIZE);
  }
}
