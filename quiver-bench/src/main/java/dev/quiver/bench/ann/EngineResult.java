package dev.quiver.bench.ann;

import java.util.List;

/**
 * Everything measured for one engine on one dataset.
 *
 * @param heapBytes heap held by the index: used heap after a full GC once built, minus the same
 *     before the build (every engine keeps its own copy of the vectors, so this includes them)
 * @param reportedRamBytes the engine's own estimate, or -1 when it has none
 * @param otherCpuShare the share of the machine's CPU that other processes used while this engine
 *     was measured (0..1, -1 when unknown); above a few percent its timings are disturbed
 */
public record EngineResult(String engine, String library, String settings, String buildParallelism,
    String vectorization, String ramAccounting, double buildSeconds, long heapBytes, long reportedRamBytes,
    List<SweepPoint> points, double otherCpuShare) {

  /** The fastest point (by single- or multi-threaded q/s) whose recall reaches {@code level}, or null. */
  public SweepPoint best(double level, boolean threaded) {
    SweepPoint best = null;
    for (SweepPoint p : points) {
      double recall = threaded ? p.recallThreaded() : p.recall();
      double qps = threaded ? p.qpsThreaded() : p.qpsSingle();
      if (recall >= level && (best == null || qps > (threaded ? best.qpsThreaded() : best.qpsSingle()))) {
        best = p;
      }
    }
    return best;
  }
}
