package dev.quiver.bench.jmh;

import dev.quiver.core.vector.ScalarVectorMath;
import dev.quiver.core.vector.VectorMath;
import dev.quiver.core.vector.VectorMathProvider;
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
 * The distance kernels, plain Java against the Vector API, on one pair of vectors that stays in L1:
 * this measures arithmetic, not memory (see {@link ExactScanBenchmark} for that).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DistanceBenchmark {

  @Param({"128", "384", "768", "1536"})
  int dimension;

  @Param({"scalar", "panama"})
  String impl;

  private float[] a;
  private float[] b;
  private VectorMath math;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(dimension);
    a = new float[dimension];
    b = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      a[i] = (float) random.nextDouble(-1, 1);
      b[i] = (float) random.nextDouble(-1, 1);
    }
    if (impl.equals("scalar")) {
      math = ScalarVectorMath.INSTANCE;
    } else {
      math = VectorMathProvider.panamaOrNull();
      if (math == null) {
        throw new IllegalStateException("the Vector API is unavailable in this JVM: run it with"
            + " --add-modules jdk.incubator.vector on a CPU with SIMD support");
      }
    }
  }

  @Benchmark
  public float dot() {
    return math.dot(a, b);
  }

  @Benchmark
  public float squareDistance() {
    return math.squareDistance(a, b);
  }

  @Benchmark
  public float cosine() {
    return math.cosine(a, b);
  }
}
