package dev.quiver.bench.ann;

import java.util.List;
import java.util.Map;

/**
 * One run of the harness on one dataset: what was run, on what, and every engine's figures.
 *
 * @param machine cores, JVM, flags, vector-math implementations, peer versions
 * @param groundTruthSeconds time to load or compute the ground truth
 * @param wallSeconds the whole run, data loading included
 */
public record RunResult(String dataset, String metric, int dimension, int baseSize, int queryCount, int k,
    int threads, int[] efs, Map<String, Object> machine, double groundTruthSeconds, boolean groundTruthCached,
    List<EngineResult> engines, double wallSeconds) {}
