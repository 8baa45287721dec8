package dev.quiver.datasets;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A synthetic cosine dataset shaped like real text embeddings: unit vectors gathered in clusters,
 * each cluster spread along its own low-dimensional subspace.
 *
 * <p>Model: {@code C = max(16, baseSize / 1000)} centres drawn uniformly on the unit sphere. Each
 * cluster has a random {@code dimension × 16} Gaussian basis {@code B}, scaled so a point's offset
 * {@code B·z} ({@code z ~ N(0, I₁₆)}) has an expected norm of {@value #SPREAD} (the centre has norm 1),
 * plus isotropic Gaussian noise of expected norm {@value #NOISE}. A point is
 * {@code normalise(centre + B·z + noise)} for a uniformly chosen cluster. Queries come from the same
 * distribution, drawn independently (they are not copies of base points).
 *
 * <p>Why a subspace per cluster: isotropic Gaussian blobs in 384 dimensions make every neighbour
 * almost equally far away, which is unlike real embeddings (low intrinsic dimension) and makes
 * approximate search look harder or easier than it is.
 *
 * <p>Deterministic for a seed regardless of the number of threads: points are generated in fixed
 * blocks, each block from its own random stream derived from the seed and the block number.
 */
public final class ClusteredDataset {

  /** Intrinsic dimension of each cluster. */
  public static final int INTRINSIC_DIMENSION = 16;
  /** Expected norm of the in-cluster offset, relative to the centre's norm of 1. */
  public static final double SPREAD = 0.7;
  /** Expected norm of the isotropic noise. */
  public static final double NOISE = 0.1;

  private static final int BLOCK = 1024;
  private static final long QUERY_STREAM = 0x5155455259L; // "QUERY": keeps query blocks apart from base blocks

  private ClusteredDataset() {}

  /**
   * Generates {@code baseSize} base vectors and {@code querySize} queries of the given dimension,
   * named {@code clustered-<dimension>-cosine-<baseSize>}.
   */
  public static Dataset generate(int baseSize, int querySize, int dimension, long seed) {
    if (baseSize < 0 || querySize < 0) {
      throw new IllegalArgumentException("sizes are " + baseSize + " base and " + querySize
          + " queries, expected >= 0");
    }
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension is " + dimension + ", expected > 0");
    }
    Clusters clusters = new Clusters(Math.max(16, baseSize / 1000), dimension, new SplittableRandom(seed));
    float[][] base = clusters.sample(baseSize, seed);
    float[][] queries = clusters.sample(querySize, seed ^ QUERY_STREAM);
    return new Dataset("clustered-" + dimension + "-cosine-" + baseSize, Dataset.COSINE, base, queries);
  }

  /**
   * The base vectors of {@code generate(baseSize, ..., dimension, seed)} one block at a time, for
   * datasets larger than the heap: {@link Stream#block} returns exactly the vectors
   * {@code generate} puts at those positions, and queries match {@code generate}'s too.
   */
  public static Stream stream(int baseSize, int dimension, long seed) {
    if (baseSize < 0 || dimension <= 0) {
      throw new IllegalArgumentException("size " + baseSize + " and dimension " + dimension
          + " must be >= 0 and > 0");
    }
    return new Stream(baseSize, new Clusters(Math.max(16, baseSize / 1000), dimension, new SplittableRandom(seed)), seed);
  }

  /** See {@link #stream}. Immutable; blocks may be drawn from any thread. */
  public static final class Stream {
    /** Vectors per block. */
    public static final int BLOCK_SIZE = BLOCK;
    private final int size;
    private final Clusters clusters;
    private final long seed;

    private Stream(int size, Clusters clusters, long seed) {
      this.size = size;
      this.clusters = clusters;
      this.seed = seed;
    }

    public int size() {
      return size;
    }

    public int blocks() {
      return (size + BLOCK - 1) / BLOCK;
    }

    /** The base vectors {@code b * BLOCK_SIZE} up to the next block or the end. */
    public float[][] block(int b) {
      if (b < 0 || b >= blocks()) {
        throw new IllegalArgumentException("block " + b + " is outside 0.." + (blocks() - 1));
      }
      return clusters.sampleBlock(b, Math.min(size, (b + 1) * BLOCK) - b * BLOCK, seed);
    }

    /** The same queries {@code generate} would give for {@code querySize}. */
    public float[][] queries(int querySize) {
      return clusters.sample(querySize, seed ^ QUERY_STREAM);
    }
  }

  /** The cluster model; immutable once built, so blocks can sample from it on any thread. */
  private static final class Clusters {
    final int count;
    final int dimension;
    final float[][] centres;
    /** bases[c][j * INTRINSIC_DIMENSION + r]: row j of cluster c's dimension × 16 basis. */
    final float[][] bases;
    final double noiseStd;

    Clusters(int count, int dimension, SplittableRandom random) {
      this.count = count;
      this.dimension = dimension;
      this.centres = new float[count][];
      this.bases = new float[count][dimension * INTRINSIC_DIMENSION];
      // E|B·z|² = (sum of B's squared entries) = dimension·16·σ²  →  σ = SPREAD / sqrt(dimension·16).
      double basisStd = SPREAD / Math.sqrt((double) dimension * INTRINSIC_DIMENSION);
      this.noiseStd = NOISE / Math.sqrt(dimension);
      for (int c = 0; c < count; c++) {
        float[] centre = new float[dimension];
        for (int j = 0; j < dimension; j++) {
          centre[j] = (float) random.nextGaussian();
        }
        normalise(centre);
        centres[c] = centre;
        float[] basis = bases[c];
        for (int i = 0; i < basis.length; i++) {
          basis[i] = (float) (random.nextGaussian() * basisStd);
        }
      }
    }

    float[][] sample(int n, long streamSeed) {
      float[][] out = new float[n][];
      int blocks = (n + BLOCK - 1) / BLOCK;
      IntStream.range(0, blocks).parallel().forEach(b -> {
        SplittableRandom random = new SplittableRandom(mix(streamSeed, b));
        double[] z = new double[INTRINSIC_DIMENSION];
        int end = Math.min(n, (b + 1) * BLOCK);
        for (int i = b * BLOCK; i < end; i++) {
          out[i] = point(random, z);
        }
      });
      return out;
    }

    float[][] sampleBlock(int b, int count, long streamSeed) {
      SplittableRandom random = new SplittableRandom(mix(streamSeed, b));
      double[] z = new double[INTRINSIC_DIMENSION];
      float[][] out = new float[count][];
      for (int i = 0; i < count; i++) {
        out[i] = point(random, z);
      }
      return out;
    }

    private float[] point(SplittableRandom random, double[] z) {
      int c = random.nextInt(count);
      float[] centre = centres[c];
      float[] basis = bases[c];
      for (int r = 0; r < INTRINSIC_DIMENSION; r++) {
        z[r] = random.nextGaussian();
      }
      float[] v = new float[dimension];
      for (int j = 0, row = 0; j < dimension; j++, row += INTRINSIC_DIMENSION) {
        double offset = 0;
        for (int r = 0; r < INTRINSIC_DIMENSION; r++) {
          offset += basis[row + r] * z[r];
        }
        v[j] = (float) (centre[j] + offset + random.nextGaussian() * noiseStd);
      }
      normalise(v);
      return v;
    }
  }

  /** A well-spread seed for block {@code block} of a stream (SplitMix64 finaliser). */
  private static long mix(long seed, long block) {
    long z = seed + (block + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (sum == 0) {
      v[0] = 1; // practically unreachable; keeps the vector valid for cosine
      return;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
  }
}
