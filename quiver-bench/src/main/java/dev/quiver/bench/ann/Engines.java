package dev.quiver.bench.ann;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The engines the harness knows, in the order they run. */
public final class Engines {

  private record Entry(String name, Function<GraphConfig, AnnEngine> factory) {}

  private static final List<Entry> ALL = List.of(
      new Entry("quiver-flat", c -> new QuiverFlatEngine()),
      new Entry("quiver-hnsw", QuiverHnswEngine::new),
      new Entry("quiver-mapped", QuiverMappedEngine::new),
      new Entry("lucene-hnsw", LuceneHnswEngine::new),
      new Entry("jvector", JVectorEngine::new),
      new Entry("hnswlib", HnswlibEngine::new));

  /** The engine whose ratio to the best peer the summary reports. */
  public static final String QUIVER_GRAPH = "quiver-hnsw";

  private Engines() {}

  public static List<String> names() {
    return ALL.stream().map(Entry::name).toList();
  }

  /** Whether {@code name} is one of Quiver's own engines (not a peer). */
  public static boolean isQuiver(String name) {
    return name.startsWith("quiver-");
  }

  /** New engines for {@code names}, in the canonical order, each built with {@code config}. */
  public static List<AnnEngine> create(List<String> names, GraphConfig config) {
    for (String name : names) {
      if (!names().contains(name)) {
        throw new IllegalArgumentException("unknown engine '" + name + "'; expected some of " + names());
      }
    }
    List<AnnEngine> engines = new ArrayList<>();
    for (Entry e : ALL) {
      if (names.contains(e.name())) {
        engines.add(e.factory().apply(config));
      }
    }
    return engines;
  }
}
