package dev.quiver.engine.text;

import dev.quiver.core.index.Bits;
import dev.quiver.core.index.TopHits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k BM25 over a {@link TextIndex}, document at a time with MaxScore pruning (Turtle and Flood,
 * 1995).
 *
 * <p>Each query term has an upper bound on what it can add to any document ({@link Bm25#tfBound}
 * times its idf). Terms are sorted by bound, ascending. Once the heap holds k documents, its
 * weakest score θ is the bar: the longest prefix of terms whose bounds sum to at most θ are
 * <em>non-essential</em>, since a document holding only those cannot beat θ. Candidates are then
 * drawn only from the essential terms' postings, which for a query mixing a rare identifier with
 * common words means walking the rare lists and merely probing the common ones. A non-essential
 * term is probed (by galloping search) only while the candidate's score plus the remaining bounds
 * could still beat θ.
 *
 * <p>The result equals exhaustive scoring: same documents, same scores, ties to the lower ordinal
 * (documents arrive in ordinal order and must beat θ strictly).
 */
final class Bm25Searcher {

  /** Guards the bounds against rounding: scores are summed in a different order than the bounds. */
  private static final double SLACK = 1 + 1e-9;

  private Bm25Searcher() {}

  static TopHits search(TextIndex index, List<String> queryTerms, int k, Bits accept) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String t : queryTerms) {
      weights.merge(t, 1, Integer::sum);
    }
    List<Term> terms = new ArrayList<>();
    int n = index.docCount();
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      TermPostings p = index.postings(e.getKey());
      if (p != null && p.size() > 0) {
        double w = e.getValue() * Bm25.idf(n, p.size());
        terms.add(new Term(p, w, w * Bm25.tfBound(p.maxFreq(), p.minLength(), index.averageLength()) * SLACK));
      }
    }
    if (terms.isEmpty()) {
      return TopHits.empty();
    }
    terms.sort((a, b) -> Double.compare(a.bound, b.bound));
    int m = terms.size();
    TermPostings[] lists = new TermPostings[m];
    double[] weight = new double[m];
    double[] prefix = new double[m]; // prefix[i] = sum of bounds of terms 0..i
    for (int i = 0; i < m; i++) {
      Term t = terms.get(i);
      lists[i] = t.postings;
      weight[i] = t.weight;
      prefix[i] = t.bound + (i > 0 ? prefix[i - 1] : 0);
    }
    int[] pos = new int[m];
    double avgdl = index.averageLength();
    Heap heap = new Heap(k);
    int firstEssential = 0;
    int scored = 0;
    while (true) {
      double theta = heap.full() ? heap.minScore() : Double.NEGATIVE_INFINITY;
      while (firstEssential < m && prefix[firstEssential] <= theta) {
        firstEssential++;
      }
      if (firstEssential == m) {
        break; // even a document holding every term cannot beat the k-th best
      }
      int doc = Integer.MAX_VALUE;
      for (int i = firstEssential; i < m; i++) {
        if (pos[i] < lists[i].size()) {
          doc = Math.min(doc, lists[i].ord(pos[i]));
        }
      }
      if (doc == Integer.MAX_VALUE) {
        break;
      }
      boolean accepted = accept == null || accept.get(doc);
      int length = index.length(doc);
      double score = 0;
      for (int i = firstEssential; i < m; i++) {
        if (pos[i] < lists[i].size() && lists[i].ord(pos[i]) == doc) {
          if (accepted) {
            score += weight[i] * Bm25.tf(lists[i].freq(pos[i]), length, avgdl);
          }
          pos[i]++;
        }
      }
      if (!accepted) {
        continue;
      }
      for (int i = firstEssential - 1; i >= 0 && score + prefix[i] > theta; i--) {
        pos[i] = lists[i].advance(pos[i], doc);
        if (pos[i] < lists[i].size() && lists[i].ord(pos[i]) == doc) {
          score += weight[i] * Bm25.tf(lists[i].freq(pos[i]), length, avgdl);
        }
      }
      scored++;
      heap.offer(doc, score);
    }
    return heap.toTopHits(scored);
  }

  private record Term(TermPostings postings, double weight, double bound) {}

  /** The k best (score, ord) pairs: a min-heap whose root is the weakest, ties weaker at the higher ordinal. */
  static final class Heap {
    private final int k;
    private final int[] ords;
    private final double[] scores;
    private int size;

    Heap(int k) {
      this.k = k;
      this.ords = new int[k];
      this.scores = new double[k];
    }

    boolean full() {
      return size == k;
    }

    double minScore() {
      return scores[0];
    }

    /** Adds the pair if it beats the weakest held (documents arrive in ordinal order). */
    void offer(int ord, double score) {
      if (size < k) {
        ords[size] = ord;
        scores[size] = score;
        up(size++);
      } else if (score > scores[0]) {
        ords[0] = ord;
        scores[0] = score;
        down(0);
      }
    }

    private boolean weaker(int i, int j) {
      return scores[i] < scores[j] || (scores[i] == scores[j] && ords[i] > ords[j]);
    }

    private void up(int i) {
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!weaker(i, parent)) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void down(int i) {
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int weakest = i;
        if (l < size && weaker(l, weakest)) {
          weakest = l;
        }
        if (r < size && weaker(r, weakest)) {
          weakest = r;
        }
        if (weakest == i) {
          return;
        }
        swap(i, weakest);
        i = weakest;
      }
    }

    private void swap(int i, int j) {
      int o = ords[i];
      ords[i] = ords[j];
      ords[j] = o;
      double s = scores[i];
      scores[i] = scores[j];
      scores[j] = s;
    }

    /** Best first; ties to the lower ordinal. */
    TopHits toTopHits(int visited) {
      int n = size;
      int[] outOrds = new int[n];
      float[] outScores = new float[n];
      for (int i = n - 1; i >= 0; i--) {
        outOrds[i] = ords[0];
        outScores[i] = (float) scores[0];
        ords[0] = ords[size - 1];
        scores[0] = scores[size - 1];
        size--;
        down(0);
      }
      return new TopHits(outOrds, outScores, visited);
    }
  }
}
