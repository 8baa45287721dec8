package dev.quiver.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.Bits;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.filter.FilterEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A full-text index over one payload field: term → the ordinals holding it with their term
 * frequencies, plus every document's length in terms, for BM25 ranking ({@link Bm25}).
 *
 * <p>The field's values are those a filter reaches ({@link FilterEvaluator#leaves}): every string at
 * the key or in arrays at it; each is analysed with {@link TextAnalyzer#ENGLISH} and the terms of all
 * of them make up the document. Numbers and booleans are not text and are skipped. A point whose
 * field yields no term (missing, or only stop words) is not a document: it is not counted in N or
 * the average length, and no query finds it.
 *
 * <p>Removal re-analyses the payload that was added (the owner passes exactly that payload, as for
 * every payload index), so no per-document term list is kept.
 *
 * <p>Thread-safety: not synchronised; the owning collection mutates under its write lock and
 * searches under its read lock, as for {@code PayloadIndexes}.
 */
public final class TextIndex {

  private final String field;
  private final TextAnalyzer analyzer;
  private final HashMap<String, TermPostings> postings;
  /** Length in terms by ordinal; 0 for an ordinal that is not a document. */
  private int[] lengths;
  private long totalLength;
  private int docCount;

  public TextIndex(String field, TextAnalyzer analyzer) {
    this(field, analyzer, new HashMap<>(), new int[16], 0, 0);
  }

  /** An index read from a file ({@link TextIndexFormat}); takes the map and the array. */
  TextIndex(String field, TextAnalyzer analyzer, HashMap<String, TermPostings> postings, int[] lengths,
      long totalLength, int docCount) {
    this.field = field;
    this.analyzer = analyzer;
    this.postings = postings;
    this.lengths = lengths.length == 0 ? new int[16] : lengths;
    this.totalLength = totalLength;
    this.docCount = docCount;
  }

  public String field() {
    return field;
  }

  public TextAnalyzer analyzer() {
    return analyzer;
  }

  /** Indexes the point at {@code ord}; a previous entry for it must have been removed. */
  public void add(int ord, ObjectNode payload) {
    Map<String, Integer> freqs = termFreqs(payload);
    if (freqs.isEmpty()) {
      return;
    }
    int length = 0;
    for (int f : freqs.values()) {
      length += f;
    }
    for (Map.Entry<String, Integer> e : freqs.entrySet()) {
      postings.computeIfAbsent(e.getKey(), t -> new TermPostings()).add(ord, e.getValue(), length);
    }
    if (ord >= lengths.length) {
      lengths = Arrays.copyOf(lengths, Math.max(ord + 1, lengths.length * 2));
    }
    if (lengths[ord] == 0) {
      docCount++;
    }
    totalLength += length - lengths[ord];
    lengths[ord] = length;
  }

  /** Forgets the point at {@code ord}; {@code payload} must be the one that was added. */
  public void remove(int ord, ObjectNode payload) {
    if (ord >= lengths.length || lengths[ord] == 0) {
      return;
    }
    for (String term : termFreqs(payload).keySet()) {
      TermPostings p = postings.get(term);
      if (p != null) {
        p.remove(ord);
        if (p.size() == 0) {
          postings.remove(term);
        }
      }
    }
    totalLength -= lengths[ord];
    lengths[ord] = 0;
    docCount--;
  }

  private Map<String, Integer> termFreqs(ObjectNode payload) {
    List<String> terms = new ArrayList<>();
    if (payload != null) {
      for (JsonNode leaf : FilterEvaluator.leaves(payload, field)) {
        if (leaf.isTextual()) {
          analyzer.terms(leaf.asText(), terms);
        }
      }
    }
    Map<String, Integer> freqs = new LinkedHashMap<>();
    for (String t : terms) {
      freqs.merge(t, 1, Integer::sum);
    }
    return freqs;
  }

  /** Number of documents (points whose field has at least one term). */
  public int docCount() {
    return docCount;
  }

  /** Average document length in terms (0 when empty). */
  public double averageLength() {
    return docCount == 0 ? 0 : (double) totalLength / docCount;
  }

  /** Number of documents holding {@code term} (an analysed term). */
  public int docFreq(String term) {
    TermPostings p = postings.get(term);
    return p == null ? 0 : p.size();
  }

  /** Length in terms of the document at {@code ord} (0 if it is none). */
  public int length(int ord) {
    return ord < lengths.length ? lengths[ord] : 0;
  }

  /**
   * The {@code k} best documents for {@code query} by BM25, restricted to {@code accept} (null: all),
   * best first; ties go to the lower ordinal.
   */
  public TopHits search(String query, int k, Bits accept) {
    return Bm25Searcher.search(this, analyzer.terms(query), k, accept);
  }

  /**
   * The BM25 score an average-length document holding each of the query's terms once would get:
   * the scale {@link Fusion.Scaled} measures keyword hits against. Terms no document holds count
   * too (with the largest idf), so a query mostly of unknown words has weak keyword hits.
   */
  public double idealScore(String query) {
    double ideal = 0;
    double tf = Bm25.tf(1, 1, 1); // length = average
    for (String t : analyzer.terms(query)) {
      ideal += Bm25.idf(Math.max(docCount, 1), docFreq(t)) * tf;
    }
    return ideal;
  }

  /** BM25 of the document at {@code ord} for {@code query}, by scoring every term (a reference). */
  public double score(String query, int ord) {
    Map<String, Integer> q = new LinkedHashMap<>();
    for (String t : analyzer.terms(query)) {
      q.merge(t, 1, Integer::sum);
    }
    double s = 0;
    for (Map.Entry<String, Integer> e : q.entrySet()) {
      TermPostings p = postings.get(e.getKey());
      if (p == null) {
        continue;
      }
      int at = p.advance(0, ord);
      if (at < p.size() && p.ord(at) == ord) {
        s += e.getValue() * Bm25.idf(docCount, p.size()) * Bm25.tf(p.freq(at), lengths[ord], averageLength());
      }
    }
    return s;
  }

  /**
   * Adds to {@code out} the documents holding every term of {@code text} (Qdrant's full-text
   * match). A text with no terms matches nothing.
   */
  public void matchAll(String text, BitSet out) {
    List<String> terms = analyzer.terms(text);
    if (terms.isEmpty()) {
      return;
    }
    TermPostings rarest = null;
    List<TermPostings> all = new ArrayList<>();
    for (String t : new java.util.LinkedHashSet<>(terms)) {
      TermPostings p = postings.get(t);
      if (p == null) {
        return;
      }
      all.add(p);
      if (rarest == null || p.size() < rarest.size()) {
        rarest = p;
      }
    }
    outer:
    for (int i = 0; i < rarest.size(); i++) {
      int ord = rarest.ord(i);
      for (TermPostings p : all) {
        int at = p.advance(0, ord);
        if (at >= p.size() || p.ord(at) != ord) {
          continue outer;
        }
      }
      out.set(ord);
    }
  }

  TermPostings postings(String term) {
    return postings.get(term);
  }

  /** Every term's postings, read-only (for {@link TextIndexFormat}). */
  Map<String, TermPostings> allPostings() {
    return java.util.Collections.unmodifiableMap(postings);
  }

  /** Number of distinct terms. */
  public int termCount() {
    return postings.size();
  }

  public long ramBytesUsed() {
    long bytes = 64 + 4L * lengths.length;
    for (Map.Entry<String, TermPostings> e : postings.entrySet()) {
      bytes += 48 + 40 + 2L * e.getKey().length() + e.getValue().ramBytesUsed();
    }
    return bytes;
  }
}
