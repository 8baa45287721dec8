package dev.quiver.core.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.ClusteredDataset;
import dev.quiver.datasets.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract for the on-heap and the mapped HNSW index: both reach the recall bar against the
 * flat oracle, unfiltered, filtered and with deletions, at awkward (prime) dimensions and for every
 * metric; and the mapped index, holding the same graph and vectors, returns exactly the on-heap
 * index's hits, through every path of the search (graph walk, filtered walk, exact fallback,
 * caller-supplied deletions). Files are mapped in small chunks so chunk boundaries are crossed.
 */
class MappedHnswIndexTest {

  private static final int SIZE = 3_000;
  private static final int QUERIES = 60;
  private static final double RECALL_BAR = 0.95;

  static Stream<Arguments> metricsAndPrimeDimensions() {
    return Stream.of(Metric.values()).flatMap(m -> Stream.of(13, 101).map(d -> Arguments.of(m, d)));
  }

  @ParameterizedTest(name = "{0}, dimension {1}")
  @MethodSource("metricsAndPrimeDimensions")
  void onHeapAndMappedMeetTheContractAndAgreeExactly(Metric metric, int dimension, @TempDir Path dir)
      throws IOException {
    Dataset d = ClusteredDataset.generate(SIZE, QUERIES, dimension, 31L * dimension + metric.ordinal());
    HnswIndex heap = new HnswIndex(dimension, metric, HnswConfig.defaults());
    heap.addAll(d.base(), 2);
    FlatIndex flat = new FlatIndex(dimension, metric);
    for (float[] v : d.base()) {
      flat.add(v);
    }
    SplittableRandom rnd = new SplittableRandom(dimension);
    for (int i = 0; i < SIZE / 20; i++) { // 5% deleted, in both
      int ord = rnd.nextInt(SIZE);
      heap.delete(ord);
      flat.delete(ord);
    }
    Path file = dir.resolve("segment.qvh");
    heap.save(file);
    try (MappedHnswIndex mapped = MappedHnswIndex.open(file, 4096)) {
      assertEquals(heap.size(), mapped.size());
      assertEquals(heap.liveCount(), mapped.liveCount());
      for (int ord = 0; ord < SIZE; ord += 97) {
        assertArrayEquals(heap.vector(ord), mapped.vector(ord), "vector " + ord);
      }

      FixedBitSet third = randomFilter(rnd, 0.3);
      FixedBitSet onePercent = randomFilter(rnd, 0.01);
      FixedBitSet five = new FixedBitSet(SIZE);
      for (int i = 0; i < 5; i++) {
        five.set(rnd.nextInt(SIZE));
      }
      Bits unknownCardinality = new Bits() { // accepts one ordinal in 40 and cannot say how many
        @Override
        public boolean get(int ord) {
          return ord % 40 == 7;
        }

        @Override
        public int length() {
          return SIZE;
        }
      };
      Bits[] filters = {null, third, onePercent, five, unknownCardinality};
      String[] names = {"unfiltered", "30%", "1%", "5 ordinals", "unknown cardinality"};
      for (int f = 0; f < filters.length; f++) {
        Bits filter = filters[f];
        int[][] truth = new int[QUERIES][];
        int[][] fromHeap = new int[QUERIES][];
        int[][] fromMapped = new int[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
          float[] query = d.queries()[q];
          TopHits h = heap.search(query, 10, filter);
          TopHits m = mapped.search(query, 10, filter);
          assertEquals(h, m, names[f] + ", query " + q);
          for (int ord : m.ords()) {
            assertFalse(mapped.isDeleted(ord), "deleted ordinal " + ord + " returned");
            assertTrue(filter == null || filter.get(ord), "ordinal " + ord + " not accepted");
          }
          assertEquals(heap.exactSearch(query, 10, filter), mapped.exactSearch(query, 10, filter));
          truth[q] = flat.search(query, 10, filter).ords();
          fromHeap[q] = h.ords();
          fromMapped[q] = m.ords();
        }
        double heapRecall = recall(truth, fromHeap);
        double mappedRecall = recall(truth, fromMapped);
        assertTrue(heapRecall >= RECALL_BAR, names[f] + ": on-heap recall@10 " + heapRecall);
        assertTrue(mappedRecall >= RECALL_BAR, names[f] + ": mapped recall@10 " + mappedRecall);
      }

      // deletions passed in at search time equal deleting in the on-heap index
      FixedBitSet later = randomFilter(rnd, 0.1);
      for (int ord = later.nextSetBit(0); ord >= 0; ord = later.nextSetBit(ord + 1)) {
        heap.delete(ord);
      }
      for (int q = 0; q < QUERIES; q++) {
        float[] query = d.queries()[q];
        assertEquals(heap.search(query, 10, null), mapped.search(query, 10, 100, null, later), "query " + q);
        assertEquals(heap.search(query, 10, third), mapped.search(query, 10, 100, third, later), "query " + q);
      }
    }
  }

  @Test
  void fashionMnistMappedAnswersAsTheHeapIndex(@TempDir Path dir) throws IOException {
    HnswIndex heap = TestData.fashionIndex();
    Path file = dir.resolve("fashion.qvh");
    heap.save(file);
    float[][] queries = TestData.fashion().queries();
    try (MappedHnswIndex mapped = MappedHnswIndex.open(file, 8 << 20)) { // about 23 chunks of vectors
      assertTrue(mapped.ramBytesUsed() < mapped.mappedBytes() / 1000, "the mapped index keeps data on the heap");
      int[][] found = new int[queries.length][];
      for (int q = 0; q < queries.length; q++) {
        TopHits m = mapped.search(queries[q], 10);
        assertEquals(heap.search(queries[q], 10), m, "query " + q);
        found[q] = m.ords();
      }
      double recall = TestData.recall(TestData.fashionTruth(), found, 10);
      assertTrue(recall >= 0.98, "mapped recall@10 " + recall);
    }
  }

  @Test
  void aMutableIndexStartsFromTheMappedGraphAndKeepsGrowing(@TempDir Path dir) throws IOException {
    int dimension = 37;
    Dataset d = ClusteredDataset.generate(SIZE, QUERIES, dimension, 5L);
    float[][] first = Arrays.copyOf(d.base(), 2_000);
    float[][] rest = Arrays.copyOfRange(d.base(), 2_000, SIZE);
    HnswIndex largest = new HnswIndex(dimension, Metric.COSINE, HnswConfig.defaults());
    largest.addAll(first, 2);
    largest.delete(11);
    Path file = dir.resolve("largest.qvh");
    largest.save(file);
    HnswIndex merged;
    try (MappedHnswIndex mapped = MappedHnswIndex.open(file)) {
      merged = mapped.toMutable();
      assertThrows(UnsupportedOperationException.class, () -> mapped.add(rest[0]));
    }
    // the same graph, neighbour for neighbour, with the same pruning scores
    HnswFileFormatTestAccess.assertSameGraph(largest, merged);
    merged.addAll(rest, 2);
    assertEquals(SIZE, merged.size());
    assertTrue(merged.isDeleted(11));
    FlatIndex flat = new FlatIndex(dimension, Metric.COSINE);
    for (float[] v : d.base()) {
      flat.add(v);
    }
    flat.delete(11);
    int[][] truth = new int[QUERIES][];
    int[][] found = new int[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      truth[q] = flat.search(d.queries()[q], 10).ords();
      found[q] = merged.search(d.queries()[q], 10).ords();
    }
    double recall = TestData.recall(truth, found, 10);
    assertTrue(recall >= RECALL_BAR, "recall@10 after inserting into the mapped graph " + recall);
  }

  @Test
  void closedIndexRefusesSearches(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("golden.qvh");
    GoldenIndex.build().save(file);
    MappedHnswIndex mapped = MappedHnswIndex.open(file);
    mapped.close();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> mapped.search(new float[GoldenIndex.DIMENSION], 3));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  /** Fraction of the true hits found; a filter may accept fewer than k live ordinals. */
  private static double recall(int[][] truth, int[][] found) {
    long hits = 0;
    long expected = 0;
    for (int q = 0; q < truth.length; q++) {
      expected += truth[q].length;
      for (int t : truth[q]) {
        hits += Arrays.stream(found[q]).filter(f -> f == t).count();
      }
    }
    return expected == 0 ? 1.0 : hits / (double) expected;
  }

  private static FixedBitSet randomFilter(SplittableRandom rnd, double selectivity) {
    FixedBitSet bits = new FixedBitSet(SIZE);
    for (int ord = 0; ord < SIZE; ord++) {
      if (rnd.nextDouble() < selectivity) {
        bits.set(ord);
      }
    }
    return bits;
  }

  /** Graph comparison shared with the format test. */
  private static final class HnswFileFormatTestAccess {
    static void assertSameGraph(HnswIndex expected, HnswIndex actual) {
      assertEquals(expected.size(), actual.size());
      for (int ord = 0; ord < expected.size(); ord++) {
        assertArrayEquals(expected.vector(ord), actual.vector(ord));
        assertEquals(expected.isDeleted(ord), actual.isDeleted(ord));
        HnswGraph.Node e = expected.graph.node(ord);
        HnswGraph.Node a = actual.graph.node(ord);
        assertEquals(e.topLevel(), a.topLevel());
        for (int l = 0; l <= e.topLevel(); l++) {
          HnswGraph.NeighborArray en = e.neighbors(l);
          HnswGraph.NeighborArray an = a.neighbors(l);
          assertArrayEquals(Arrays.copyOf(en.ords(), en.size()), Arrays.copyOf(an.ords(), an.size()));
          assertArrayEquals(Arrays.copyOf(en.scores(), en.size()), Arrays.copyOf(an.scores(), an.size()),
              "recomputed scores of " + ord + " on level " + l);
        }
      }
      assertEquals(expected.graph.entry(), actual.graph.entry());
    }
  }
}
