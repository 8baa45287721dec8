package dev.quiver.engine.rag;

import dev.quiver.core.embed.EmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline answer: the sentences of the retrieved sources that best answer the question, each
 * cited [n]. A sentence's score is {@value #SEMANTIC_WEIGHT} × its cosine to the question (by the
 * collection's own embedding model, when there is one) plus the rest × the share of the question's
 * content words it contains. Takes the best sentence and up to two more scoring within
 * {@value #KEEP_RATIO} of it.
 */
public final class ExtractiveAnswerer {

  public static final String LABEL = "Extractive answer (no generator configured)";
  static final double SEMANTIC_WEIGHT = 0.7;
  static final double KEEP_RATIO = 0.85;
  static final int MAX_SENTENCES = 3;

  private static final Set<String> STOP = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been",
      "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "what", "which", "who", "whom", "whose",
      "when", "where", "why", "how", "do", "does", "did", "it", "its", "this", "that", "these", "those", "from",
      "as", "into", "about", "can", "i", "you", "we", "they", "he", "she", "my", "your", "our", "their", "there",
      "much", "many", "has", "have", "had", "not", "no", "yes", "if", "then", "than", "so", "use", "used");

  private final EmbeddingModel model;

  /** @param model embeds question and sentences; null scores by shared words only */
  public ExtractiveAnswerer(EmbeddingModel model) {
    this.model = model;
  }

  record Scored(String sentence, int source, double score) {}

  /** The answer text, starting with {@link #LABEL}. */
  public String answer(String question, List<Source> sources) {
    List<Scored> ranked = rank(question, sources);
    StringBuilder b = new StringBuilder(LABEL).append(":\n");
    if (ranked.isEmpty()) {
      return b.append("no passage matched the question.").toString();
    }
    double best = ranked.get(0).score();
    int n = 0;
    for (Scored s : ranked) {
      if (n == MAX_SENTENCES || (n > 0 && s.score() < best * KEEP_RATIO)) {
        break;
      }
      b.append(n == 0 ? "" : " ").append(s.sentence()).append(" [").append(s.source()).append(']');
      n++;
    }
    return b.toString();
  }

  List<Scored> rank(String question, List<Source> sources) {
    List<Scored> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> texts = new ArrayList<>();
    for (Source src : sources) {
      for (String s : SentenceSplitter.sentences(src.text())) {
        if (seen.add(s)) { // overlapping chunks repeat sentences: keep the first (best-ranked) source
          all.add(new Scored(s, src.number(), 0));
          texts.add(s);
        }
      }
    }
    if (all.isEmpty()) {
      return all;
    }
    Set<String> qTerms = terms(question);
    double[] sem = new double[all.size()];
    double semWeight = 0;
    if (model != null) {
      float[] q = model.embedQuery(question);
      List<float[]> vs = model.embed(texts);
      for (int i = 0; i < sem.length; i++) {
        sem[i] = Retriever.cosine(q, vs.get(i));
      }
      semWeight = SEMANTIC_WEIGHT;
    }
    List<Scored> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Scored s = all.get(i);
      Set<String> st = terms(s.sentence());
      int shared = 0;
      for (String t : qTerms) {
        if (st.contains(t)) {
          shared++;
        }
      }
      double kw = qTerms.isEmpty() ? 0 : (double) shared / qTerms.size();
      out.add(new Scored(s.sentence(), s.source(), semWeight * sem[i] + (1 - semWeight) * kw));
    }
    out.sort(Comparator.comparingDouble(Scored::score).reversed());
    return out;
  }

  /** Lower-cased content words, crudely stemmed (a trailing "s" dropped). */
  static Set<String> terms(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty() || STOP.contains(w)) {
        continue;
      }
      out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
    }
    return out;
  }
}
