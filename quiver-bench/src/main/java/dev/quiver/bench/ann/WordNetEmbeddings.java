package dev.quiver.bench.ann;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.VectorCache;
import dev.quiver.datasets.WordNet;
import dev.quiver.embed.EmbeddingModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** {@link DatasetSource#WORDNET}: WordNet definitions embedded by the built-in text model. */
final class WordNetEmbeddings implements DatasetSource {

  static final String MODEL = "all-MiniLM-L6-v2";
  private static final long SEED = 7;
  private static final int BATCH = 256;

  @Override
  public String name() {
    return "wordnet";
  }

  @Override
  public int defaultSize() {
    return 100_000;
  }

  @Override
  public int maxQueries() {
    return 10_000;
  }

  @Override
  public Dataset load(int size, int queries) {
    List<String> texts = texts();
    if (size + queries > texts.size()) {
      throw new IllegalArgumentException("wordnet has " + texts.size() + " definitions; --size " + size
          + " plus " + queries + " queries is more");
    }
    EmbeddingModel model = EmbeddingModels.shared().get(MODEL);
    String version = Integer.toHexString(model.version().hashCode());
    float[][] base = VectorCache.loadOrComputeFloats("wordnet-" + MODEL + "-" + version + ".base" + size,
        () -> embed(model, texts.subList(0, size), false));
    List<String> tail = new ArrayList<>(texts.subList(texts.size() - queries, texts.size()));
    Collections.reverse(tail);
    float[][] q = VectorCache.loadOrComputeFloats("wordnet-" + MODEL + "-" + version + ".queries" + queries,
        () -> embed(model, tail, true));
    return new Dataset("wordnet-" + MODEL + "-384-cosine", Dataset.COSINE, base, q);
  }

  /** "word: definition" per synset, in a fixed shuffled order. */
  static List<String> texts() {
    List<String> out = new ArrayList<>();
    for (WordNet.Synset s : WordNet.load()) {
      out.add(s.words().get(0).replace('_', ' ') + ": " + s.definition());
    }
    Collections.shuffle(out, new Random(SEED));
    return out;
  }

  private static float[][] embed(EmbeddingModel model, List<String> texts, boolean queries) {
    float[][] out = new float[texts.size()][];
    long started = System.nanoTime();
    for (int i = 0; i < texts.size(); i += BATCH) {
      List<String> batch = texts.subList(i, Math.min(texts.size(), i + BATCH));
      List<float[]> v = queries ? model.embedQueries(batch) : model.embed(batch);
      for (int j = 0; j < v.size(); j++) {
        out[i + j] = v.get(j);
      }
      if ((i / BATCH) % 20 == 0) {
        System.err.printf("wordnet: embedded %,d of %,d definitions (%.0f/s)%n", i + batch.size(), texts.size(),
            (i + batch.size()) / ((System.nanoTime() - started) / 1e9));
      }
    }
    return out;
  }
}
