package dev.quiver.embed.audit;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.vector.Metric;
import dev.quiver.embed.word.AverageWordEmbeddingModel;
import dev.quiver.embed.word.Word2VecConfig;
import dev.quiver.embed.word.Word2VecTrainer;
import dev.quiver.embed.word.WordVectors;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Compares embedding models on the user's own labelled texts: every text is a query, and a hit is
 * another text with the same label. Search is exact (every pair scored, by cosine), so the numbers
 * measure the model, not an index.
 *
 * <ul>
 *   <li><b>precision@k</b>: the fraction of a query's k nearest other texts that share its label.
 *   <li><b>nDCG@10</b>: binary relevance, {@code DCG = sum_{i=1..10} rel_i / log2(i + 1)}, divided by
 *       the DCG of the ideal ranking (all same-label texts first, at most 10).
 * </ul>
 *
 * Both are averaged over queries whose label has at least one other text; texts with a unique
 * label are still candidates, never queries.
 */
public final class RetrievalEvaluation {

  /** Cut-off of nDCG. */
  public static final int NDCG_AT = 10;

  private RetrievalEvaluation() {}

  /**
   * The scores of one model.
   *
   * @param model          the model's name
   * @param note           how its vectors were made, when it is not obvious (e.g. word2vec trained
   *                       on the evaluated texts); may be null
   * @param dimension      vector dimension
   * @param items          texts
   * @param queries        texts used as queries (those whose label occurs more than once)
   * @param labels         distinct labels
   * @param k              the k of precision@k
   * @param precisionAtK   mean precision@k
   * @param ndcgAt10       mean nDCG@10
   * @param embedMillis    time to embed the texts
   */
  public record Result(String model, String note, int dimension, int items, int queries, int labels, int k,
      double precisionAtK, double ndcgAt10, long embedMillis) {}

  /** Embeds {@code texts} with {@code model} and scores them. */
  public static Result evaluate(EmbeddingModel model, String note, List<String> texts, List<String> labels, int k) {
    check(texts.size(), labels, k);
    long started = System.nanoTime();
    List<float[]> vectors = model.embed(texts);
    long millis = (System.nanoTime() - started) / 1_000_000;
    return evaluate(model.name(), note, vectors, labels, k, millis);
  }

  /** Scores given vectors (one per label). */
  public static Result evaluate(String model, String note, List<float[]> vectors, List<String> labels, int k,
      long embedMillis) {
    check(vectors.size(), labels, k);
    int n = vectors.size();
    int dim = vectors.get(0).length;
    float[][] unit = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] v = vectors.get(i);
      if (v.length != dim) {
        throw new IllegalArgumentException("vector " + i + " has dimension " + v.length + ", expected " + dim);
      }
      unit[i] = Metric.normalize(v.clone()); // a zero vector stays zero: similar to nothing
    }
    Map<String, Integer> labelIds = new HashMap<>();
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = labelIds.computeIfAbsent(labels.get(i), l -> labelIds.size());
    }
    int[] perLabel = new int[labelIds.size()];
    for (int l : label) {
      perLabel[l]++;
    }
    int depth = Math.max(k, NDCG_AT);
    double[][] scores = IntStream.range(0, n).parallel().mapToObj(q -> {
      if (perLabel[label[q]] < 2) {
        return null;
      }
      int[] top = topOthers(unit, q, Math.min(depth, n - 1));
      int hitsAtK = 0;
      double dcg = 0;
      for (int r = 0; r < top.length; r++) {
        boolean rel = label[top[r]] == label[q];
        if (rel && r < k) {
          hitsAtK++;
        }
        if (rel && r < NDCG_AT) {
          dcg += 1 / log2(r + 2);
        }
      }
      double idcg = 0;
      for (int r = 0; r < Math.min(NDCG_AT, perLabel[label[q]] - 1); r++) {
        idcg += 1 / log2(r + 2);
      }
      return new double[] {(double) hitsAtK / k, dcg / idcg};
    }).toArray(double[][]::new);
    double p = 0;
    double ndcg = 0;
    int queries = 0;
    for (double[] s : scores) {
      if (s != null) {
        p += s[0];
        ndcg += s[1];
        queries++;
      }
    }
    if (queries == 0) {
      throw new IllegalArgumentException("no label occurs more than once among the " + n
          + " texts, so no text has a relevant neighbour; give labels shared by several texts");
    }
    return new Result(model, note, dim, n, queries, labelIds.size(), k, p / queries, ndcg / queries, embedMillis);
  }

  /** Indices of the {@code m} texts most similar to {@code q} (q excluded), best first; ties by index. */
  private static int[] topOthers(float[][] unit, int q, int m) {
    int[] ids = new int[m];
    float[] best = new float[m];
    int size = 0;
    float[] query = unit[q];
    for (int i = 0; i < unit.length; i++) {
      if (i == q) {
        continue;
      }
      float s = 0;
      float[] v = unit[i];
      for (int d = 0; d < v.length; d++) {
        s += query[d] * v[d];
      }
      if (size == m && s <= best[m - 1]) {
        continue;
      }
      int pos = size == m ? m - 1 : size++;
      while (pos > 0 && best[pos - 1] < s) {
        best[pos] = best[pos - 1];
        ids[pos] = ids[pos - 1];
        pos--;
      }
      best[pos] = s;
      ids[pos] = i;
    }
    return ids;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static void check(int n, List<String> labels, int k) {
    if (n != labels.size()) {
      throw new IllegalArgumentException(n + " texts but " + labels.size() + " labels; give one label per text");
    }
    if (n < 2) {
      throw new IllegalArgumentException("an evaluation needs at least 2 labelled texts, got " + n);
    }
    if (k < 1 || k > 1000) {
      throw new IllegalArgumentException("k must be between 1 and 1000, got " + k);
    }
    for (int i = 0; i < n; i++) {
      if (labels.get(i) == null) {
        throw new IllegalArgumentException("text " + i + " has no label");
      }
    }
  }

  /**
   * Word-vector averaging without word vectors at hand: trains word2vec (skip-gram, 100-d) on the
   * evaluated texts themselves and averages the vectors of each text's words. On a small corpus
   * these vectors are weak; the result's note says how they were made.
   */
  public static AverageWordEmbeddingModel trainWordAverage(String name, List<String> texts, int epochs, long seed) {
    StringBuilder corpus = new StringBuilder();
    for (String t : texts) {
      corpus.append(t.replace('\n', ' ')).append('\n');
    }
    Word2VecConfig config = Word2VecConfig.defaults().withMinCount(2).withEpochs(epochs).withSeed(seed);
    try {
      WordVectors vectors = new Word2VecTrainer(config).train(new StringReader(corpus.toString()));
      return AverageWordEmbeddingModel.uniform(name, vectors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A markdown table of results, best nDCG first, with each model's note underneath. */
  public static String table(List<Result> results) {
    List<Result> sorted = results.stream()
        .sorted(java.util.Comparator.comparingDouble(Result::ndcgAt10).reversed()).toList();
    StringBuilder out = new StringBuilder();
    int k = results.isEmpty() ? 10 : results.get(0).k();
    out.append(String.format(Locale.ROOT, "| %-40s | %5s | %7s | %12s | %9s | %10s |%n", "model", "dim", "texts",
        "precision@" + k, "nDCG@10", "embed ms"));
    out.append("|").append("-".repeat(42)).append("|------:|--------:|-------------:|----------:|-----------:|\n");
    for (Result r : sorted) {
      out.append(String.format(Locale.ROOT, "| %-40s | %5d | %7d | %12.4f | %9.4f | %10d |%n",
          r.model() + (r.note() != null ? " *" : ""), r.dimension(), r.items(), r.precisionAtK(), r.ndcgAt10(),
          r.embedMillis()));
    }
    if (!results.isEmpty()) {
      Result r = results.get(0);
      out.append(String.format(Locale.ROOT, "%n%d texts, %d labels, %d queries (texts whose label occurs more"
          + " than once); a hit is another text with the same label; exact cosine search.%n", r.items(), r.labels(),
          r.queries()));
    }
    for (Result r : sorted) {
      if (r.note() != null) {
        out.append("* ").append(r.model()).append(": ").append(r.note()).append('\n');
      }
    }
    return out.toString();
  }
}
