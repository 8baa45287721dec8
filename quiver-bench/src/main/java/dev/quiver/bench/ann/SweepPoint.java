package dev.quiver.bench.ann;

/**
 * The figures of one engine at one search setting.
 *
 * @param ef the efSearch-like setting (0 for exact search, which has none)
 * @param recall mean recall@k of the single-threaded pass against the exact ground truth
 * @param recallThreaded the same for the multi-threaded pass (should equal {@code recall}; a gap
 *     would mean the engine is not safe to search from many threads)
 * @param qpsSingle queries per second, one thread running every query
 * @param qpsThreaded queries per second, {@code threads} threads sharing the queries
 * @param secondsSingle wall time of the single-threaded pass
 * @param secondsThreaded wall time of the multi-threaded pass
 */
public record SweepPoint(int ef, double recall, double recallThreaded, double qpsSingle, double qpsThreaded,
    double secondsSingle, double secondsThreaded) {}
