package dev.quiver.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.core.index.TopHits;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextIndexTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static ObjectNode doc(String body) {
    return F.objectNode().put("body", body);
  }

  private static TextIndex index(String... bodies) {
    TextIndex index = new TextIndex("body", TextAnalyzer.ENGLISH);
    for (int i = 0; i < bodies.length; i++) {
      index.add(i, doc(bodies[i]));
    }
    return index;
  }

  @Test
  void bm25MatchesAHandComputedExample() {
    // Terms: [appl, banana], [appl, appl, cherri], [banana, cherri, date]. N = 3, avgdl = 8/3.
    TextIndex index = index("apple banana", "apple apple cherry", "banana cherry date");
    assertEquals(3, index.docCount());
    assertEquals(8.0 / 3, index.averageLength(), 1e-12);
    // idf(appl) = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln 1.6
    // d0: tf 1, |d| 2: ln 1.6 · 2.2 / (1 + 1.2 · (0.25 + 0.75 · 2 / (8/3))) = 0.52354835
    // d1: tf 2, |d| 3: ln 1.6 · 4.4 / (2 + 1.2 · (0.25 + 0.75 · 3 / (8/3))) = 0.62430671
    TopHits apple = index.search("apple", 10, null);
    assertArrayEquals(new int[] {1, 0}, apple.ords());
    assertEquals(0.6243067075264112, apple.scores()[0], 1e-6);
    assertEquals(0.5235483465015789, apple.scores()[1], 1e-6);
    TopHits two = index.search("apples and cherries", 10, null);
    assertArrayEquals(new int[] {1, 0, 2}, two.ords());
    assertEquals(1.0714452953493812, two.scores()[0], 1e-6);
    assertEquals(0.4471385878229701, two.scores()[2], 1e-6);
    // idf(date) = ln(1 + 2.5 / 1.5)
    assertEquals(0.9331132352976423, index.search("date", 1, null).scores()[0], 1e-6);
    assertEquals(0, index.search("durian", 10, null).size());
  }

  @Test
  void maxScoreEqualsExhaustiveScoringWithAndWithoutFilters() {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] vocab = new String[300];
    for (int i = 0; i < vocab.length; i++) {
      vocab[i] = "w" + Integer.toString(i, 36) + "x";
    }
    int n = 2000;
    TextIndex index = new TextIndex("body", TextAnalyzer.ENGLISH);
    for (int ord = 0; ord < n; ord++) {
      StringBuilder sb = new StringBuilder();
      int len = 3 + rnd.nextInt(30);
      for (int j = 0; j < len; j++) {
        // Skewed: low word numbers are common, high ones rare.
        int w = (int) (vocab.length * Math.pow(rnd.nextDouble(), 3));
        sb.append(vocab[w]).append(' ');
      }
      index.add(ord, doc(sb.toString()));
    }
    FixedBitSet even = new FixedBitSet(n);
    for (int ord = 0; ord < n; ord += 2) {
      even.set(ord);
    }
    for (int q = 0; q < 200; q++) {
      StringBuilder query = new StringBuilder();
      int terms = 1 + rnd.nextInt(5);
      for (int j = 0; j < terms; j++) {
        query.append(vocab[rnd.nextInt(vocab.length)]).append(' ');
      }
      int k = 1 + rnd.nextInt(20);
      for (FixedBitSet accept : new FixedBitSet[] {null, even}) {
        TopHits got = index.search(query.toString(), k, accept);
        TopHits want = exhaustive(index, query.toString(), k, accept, n);
        assertArrayEquals(want.ords(), got.ords(), "query '" + query + "' k=" + k);
        for (int i = 0; i < got.size(); i++) {
          assertEquals(want.scores()[i], got.scores()[i], 1e-5);
        }
      }
    }
  }

  private static TopHits exhaustive(TextIndex index, String query, int k, FixedBitSet accept, int n) {
    List<double[]> all = new ArrayList<>();
    for (int ord = 0; ord < n; ord++) {
      double s = index.score(query, ord);
      if (s > 0 && (accept == null || accept.get(ord))) {
        all.add(new double[] {s, ord});
      }
    }
    // Scores within rounding of each other are ordered by ordinal, as the searcher's ties are.
    all.sort((a, b) -> Math.abs(a[0] - b[0]) > 1e-9 ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]));
    int m = Math.min(k, all.size());
    int[] ords = new int[m];
    float[] scores = new float[m];
    for (int i = 0; i < m; i++) {
      ords[i] = (int) all.get(i)[1];
      scores[i] = (float) all.get(i)[0];
    }
    return new TopHits(ords, scores, 0);
  }

  @Test
  void maxScoreSkipsTheCommonTermsPostings() {
    TextIndex index = new TextIndex("body", TextAnalyzer.ENGLISH);
    for (int ord = 0; ord < 5000; ord++) {
      index.add(ord, doc("common filler words " + (ord % 500 == 0 ? "zyzzyva" : "plain")));
    }
    TopHits hits = index.search("zyzzyva common", 3, null);
    assertEquals(3, hits.size());
    assertArrayEquals(new int[] {0, 500, 1000}, hits.ords());
    // Once the three rare documents fill the heap (at ordinal 1000), the common term alone cannot
    // beat them, and only the rare term's postings are walked.
    assertTrue(hits.visited() <= 1001 + 10, hits.visited() + " of 5000 scored");
  }

  @Test
  void removeAndReAddKeepStatisticsExact() {
    TextIndex index = index("apple banana", "apple apple cherry", "banana cherry date");
    index.remove(1, doc("apple apple cherry"));
    assertEquals(2, index.docCount());
    assertEquals(2.5, index.averageLength(), 1e-12);
    assertEquals(1, index.docFreq("appl"));
    assertArrayEquals(new int[] {0}, index.search("apple", 10, null).ords());
    // A payload update re-adds the same ordinal with new text.
    index.add(1, doc("durian"));
    assertArrayEquals(new int[] {1}, index.search("durian", 10, null).ords());
    assertEquals(0, index.search("cherry apple", 10, null).ords()[0]);
    TextIndex fresh = index("apple banana", "durian", "banana cherry date");
    for (String q : List.of("apple", "banana", "cherry date", "durian banana")) {
      assertEquals(fresh.search(q, 10, null), index.search(q, 10, null), q);
    }
    // A point without the field, or with only stop words or non-text values, is not a document.
    index.add(3, F.objectNode().put("other", "apple"));
    index.add(4, doc("the of and"));
    index.add(5, F.objectNode().put("body", 42));
    assertEquals(3, index.docCount());
    index.remove(3, F.objectNode().put("other", "apple"));
    assertEquals(3, index.docCount());
  }

  @Test
  void arraysAndNestedKeysAreOneDocument() {
    TextIndex index = new TextIndex("doc.parts", TextAnalyzer.ENGLISH);
    ObjectNode p = F.objectNode();
    p.putObject("doc").putArray("parts").add("red fox").add(7).add("lazy dog");
    index.add(0, p);
    assertEquals(4, index.length(0));
    assertEquals(1, index.search("fox dog", 5, null).size());
  }

  @Test
  void matchAllNeedsEveryTerm() {
    TextIndex index = index("apple banana", "apple apple cherry", "banana cherry date");
    BitSet out = new BitSet();
    index.matchAll("cherry banana", out);
    assertEquals(BitSet.valueOf(new long[] {0b100}), out);
    out.clear();
    index.matchAll("apple durian", out);
    assertTrue(out.isEmpty());
  }
}
