package dev.quiver.client;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A deterministic fake sentence model: hashed bag of lower-cased words, L2-normalised. */
final class WordHashModel implements EmbeddingModel {

  static final String NAME = "word-hash";
  private final String version;

  WordHashModel(String version) {
    this.version = version;
  }

  static EmbeddingModelProvider provider(String version) {
    WordHashModel m = new WordHashModel(version);
    return new EmbeddingModelProvider() {
      @Override
      public Set<String> names() {
        return Set.of(NAME);
      }

      @Override
      public EmbeddingModel model(String name) {
        if (!name.equals(NAME)) {
          throw new IllegalArgumentException("unknown embedding model '" + name + "'; known models: " + NAME);
        }
        return m;
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return 32;
  }

  @Override
  public boolean normalized() {
    return true;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      float[] v = new float[32];
      for (String w : t.toLowerCase(Locale.ROOT).split("\\W+")) {
        if (!w.isEmpty()) {
          v[Math.floorMod(w.hashCode(), 32)] += 1;
        }
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      if (n == 0) {
        v[0] = 1;
        n = 1;
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.sqrt(n);
      }
      out.add(v);
    }
    return out;
  }
}
