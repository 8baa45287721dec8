package dev.quiver.bench.jmh;

import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.index.TopHits;
import dev.quiver.core.vector.Metric;
import dev.quiver.core.vector.VectorMath;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The exact scan against the memory system: how many GB/s of vectors a scan reads, next to the
 * bandwidth of a plain memory copy measured in the same run on the same machine. Both work on
 * {@value #TOTAL_MB} MB, far more than any cache, so both are bounded by DRAM (or by arithmetic, if
 * the kernel is the slower part; the ratio tells which).
 *
 * <p>{@link #flatSearch} is Quiver's {@link FlatIndex#search} (k=10, top-k heap included);
 * {@link #kernelScan} is the bare kernel loop over the same layout, the ceiling for the former;
 * {@link #memoryCopy} is {@link System#arraycopy} of a {@value #TOTAL_MB} MB array.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExactScanBenchmark {

  /** Size of the scanned vectors and of the copied array. */
  public static final int TOTAL_MB = 256;

  /** How many vectors of {@code dimension} make up {@value #TOTAL_MB} MB. */
  public static int vectorCount(int dimension) {
    return (int) ((long) TOTAL_MB * 1024 * 1024 / (4L * dimension));
  }

  /** Bytes of vector data one scan reads. */
  public static long scanBytes(int dimension) {
    return 4L * dimension * vectorCount(dimension);
  }

  @State(Scope.Benchmark)
  public static class Vectors {
    @Param({"128", "768"})
    int dimension;

    FlatIndex index;
    float[][] vectors;
    float[] query;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(7);
      int n = vectorCount(dimension);
      index = new FlatIndex(dimension, Metric.DOT);
      vectors = new float[n][];
      for (int i = 0; i < n; i++) {
        float[] v = new float[dimension];
        for (int j = 0; j < dimension; j++) {
          v[j] = (float) random.nextDouble(-1, 1);
        }
        index.add(v);
        vectors[i] = index.vector(i); // the index's own copy: the kernel scan reads the same memory
      }
      query = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        query[j] = (float) random.nextDouble(-1, 1);
      }
    }
  }

  @State(Scope.Benchmark)
  public static class Buffers {
    long[] source;
    long[] target;

    @Setup
    public void setUp() {
      source = new long[TOTAL_MB * 1024 * 1024 / 8];
      target = new long[source.length];
      for (int i = 0; i < source.length; i++) {
        source[i] = i * 0x9E3779B97F4A7C15L;
      }
    }
  }

  private static final VectorMath MATH = VectorMath.get();

  @Benchmark
  public TopHits flatSearch(Vectors s) {
    return s.index.search(s.query, 10);
  }

  @Benchmark
  public float kernelScan(Vectors s) {
    float best = Float.NEGATIVE_INFINITY;
    float[] q = s.query;
    for (float[] v : s.vectors) {
      best = Math.max(best, MATH.dot(q, v));
    }
    return best;
  }

  @Benchmark
  public long[] memoryCopy(Buffers b) {
    System.arraycopy(b.source, 0, b.target, 0, b.source.length);
    return b.target;
  }
}
