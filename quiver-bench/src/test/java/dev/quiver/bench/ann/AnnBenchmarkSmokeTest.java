package dev.quiver.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole harness, every engine, on a tiny clustered set: a check that each adapter is wired
 * right (ordinals map back to the right vectors, the metric is the right one), not a measurement.
 */
class AnnBenchmarkSmokeTest {

  @Test
  void everyEngineFindsTheNeighboursOnASmallSet() throws Exception {
    Dataset ds = ClusteredDataset.generate(2_000, 50, 64, 7);
    float[][] base = AnnCommand.normalized(ds.base());
    float[][] queries = AnnCommand.normalized(ds.queries());
    int k = 10;
    int threads = 2;
    int[][] truth = GroundTruth.compute(base, queries, Metric.COSINE, k, threads);
    BenchData data = new BenchData(ds.name(), Metric.COSINE, base, queries, truth, k);
    AnnBenchmark bench = new AnnBenchmark(
        new AnnBenchmark.Settings(k, new int[] {16, 64}, threads, 0.05, 0.05, 0.01, 1.1),
        new PrintStream(OutputStream.nullOutputStream()));

    List<EngineResult> results = new ArrayList<>();
    for (AnnEngine engine : Engines.create(Engines.names(), new GraphConfig(8, 50))) {
      try (engine) {
        results.add(bench.run(engine, data));
      }
    }

    assertEquals(Engines.names(), results.stream().map(EngineResult::engine).toList());
    for (EngineResult r : results) {
      assertTrue(r.heapBytes() > 0 || r.reportedRamBytes() > 0, r.engine() + " holds no memory?");
      for (SweepPoint p : r.points()) {
        assertEquals(p.recall(), p.recallThreaded(), 1e-9, r.engine() + " differs across threads");
        assertTrue(p.qpsSingle() > 0 && p.qpsThreaded() > 0);
      }
      if (r.engine().equals("quiver-flat")) {
        assertEquals(1, r.points().size());
        assertEquals(1.0, r.points().get(0).recall(), 1e-9);
      } else {
        assertEquals(2, r.points().size(), r.engine());
        SweepPoint wide = r.points().get(1);
        assertTrue(wide.recall() > 0.8, r.engine() + " recall@10 at ef=64 is " + wide.recall());
      }
    }

    RunResult run = new RunResult(data.name(), "cosine", data.dimension(), base.length, queries.length, k,
        threads, new int[] {16, 64}, AnnCommand.machine(), 0, false, results, 1);
    String md = AnnReport.markdown(run);
    assertTrue(md.contains("| quiver-hnsw ÷ best peer |"), md);
    assertTrue(AnnReport.json(run).contains("\"quiverToBestPeer\""));
  }
}
