package dev.quiver.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.HnswIndex;
import dev.quiver.engine.payload.PayloadSchemaType;
import dev.quiver.engine.segment.MergeRateLimiter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the segment that replaces several sealed segments: their points live as of one LSN, in a
 * new {@code seg-<n>/}. The graph of each named vector starts from the largest input's graph when
 * that input has no deleted point (its vectors and links copied, as Lucene's merges do since 9.x),
 * and the other inputs' points are inserted into it; otherwise it is built from the live vectors.
 * Reads only immutable data (sealed files, deletion LSNs up to {@code asOf}), so it needs no lock.
 */
final class SegmentMerger {

  private SegmentMerger() {}

  /**
   * The merged segment and, per input, each old ordinal's new one (-1: not carried, deleted as of
   * {@code asOf}).
   */
  record Result(SealedSegment merged, int[][] newOrds, boolean fromLargestGraph) {}

  /** Inputs largest first, as the merge policy orders them. */
  static Result merge(Path collectionDir, int number, List<SealedSegment> inputs, long asOf, CollectionConfig config,
      Map<String, PayloadSchemaType> schema, int threads, MergeRateLimiter limiter)
      throws IOException, InterruptedException {
    int[][] newOrds = new int[inputs.size()][];
    List<PointId> ids = new ArrayList<>();
    List<ObjectNode> payloads = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    List<int[]> source = new ArrayList<>(); // (input, ord) of each new ordinal
    SealedSegment largest = inputs.get(0);
    boolean reuse = deletedAsOf(largest, asOf) == 0 && largest.size() > 0;
    for (int i = 0; i < inputs.size(); i++) {
      SealedSegment s = inputs.get(i);
      long[] at = s.deletedAt;
      newOrds[i] = new int[s.size()];
      for (int ord = 0; ord < s.size(); ord++) {
        if (at[ord] <= asOf) {
          newOrds[i][ord] = -1;
          continue;
        }
        newOrds[i][ord] = ids.size();
        ids.add(s.id(ord));
        payloads.add(s.payload(ord));
        versions.add(s.version(ord));
        source.add(new int[] {i, ord});
      }
    }
    if (ids.isEmpty()) {
      return new Result(null, newOrds, false);
    }
    Map<String, HnswIndex> indexes = new LinkedHashMap<>();
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      String name = e.getKey();
      VectorParams p = e.getValue();
      int bytesPerVector = p.dimension() * Float.BYTES;
      HnswIndex index;
      int from;
      if (reuse) {
        index = largest.vectorIndex(name).toMutable();
        from = largest.size();
      } else {
        index = null;
        from = 0;
      }
      // The rest in chunks, so the rate limiter can pace the merge and a close can stop it.
      int chunk = 1024;
      if (index == null) {
        float[][] all = new float[source.size()][];
        for (int j = 0; j < all.length; j++) {
          int[] at = source.get(j);
          all[j] = inputs.get(at[0]).vector(name, at[1]);
        }
        limiter.pause((long) all.length * bytesPerVector);
        index = HnswIndex.ofPrepared(p.dimension(), p.metric(), p.hnsw(), all, threads);
      } else {
        for (int j = from; j < source.size(); j += chunk) {
          int n = Math.min(chunk, source.size() - j);
          float[][] part = new float[n][];
          for (int k = 0; k < n; k++) {
            int[] at = source.get(j + k);
            part[k] = inputs.get(at[0]).vector(name, at[1]);
          }
          limiter.pause((long) n * bytesPerVector);
          index.addAllPrepared(part, n >= 256 ? threads : 1);
        }
      }
      if (index.size() != source.size()) {
        throw new IllegalStateException("merged index '" + name + "' holds " + index.size() + " vectors for "
            + source.size() + " points");
      }
      indexes.put(name, index);
    }
    long[] versionArray = new long[versions.size()];
    for (int j = 0; j < versionArray.length; j++) {
      versionArray[j] = versions.get(j);
    }
    MutableSegment built = new MutableSegment(number, config, threads, indexes, ids, payloads, versionArray);
    built.freeze();
    SealedSegment.write(collectionDir, number, built, built.size(), Long.MAX_VALUE - 1, schema);
    SealedSegment merged = SealedSegment.open(collectionDir, number, built.size(), 0, 0, config, schema);
    return new Result(merged, newOrds, reuse);
  }

  static int deletedAsOf(SealedSegment s, long asOf) {
    int n = 0;
    long[] at = s.deletedAt;
    for (int ord = 0; ord < s.size(); ord++) {
      if (at[ord] <= asOf) {
        n++;
      }
    }
    return n;
  }
}
