package dev.quiver.engine;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a sentence model: hashed bag of lower-cased words, L2-normalised.
 * Texts sharing words are close; texts sharing none are orthogonal (up to hash collisions).
 */
public final class FakeEmbeddingModel implements EmbeddingModel {

  private final String name;
  private final String version;
  private final int dimension;
  final AtomicInteger calls = new AtomicInteger();

  public FakeEmbeddingModel(String name, String version, int dimension) {
    this.name = name;
    this.version = version;
    this.dimension = dimension;
  }

  /** A provider knowing exactly these models. */
  public static EmbeddingModelProvider provider(EmbeddingModel... models) {
    return EmbeddingModelProvider.of(List.of(new EmbeddingModelProvider() {
      @Override
      public Set<String> names() {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        for (EmbeddingModel m : models) {
          s.add(m.name());
        }
        return s;
      }

      @Override
      public EmbeddingModel model(String n) {
        for (EmbeddingModel m : models) {
          if (m.name().equals(n)) {
            return m;
          }
        }
        throw new IllegalArgumentException(n);
      }
    }));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public boolean normalized() {
    return true;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    calls.incrementAndGet();
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      float[] v = new float[dimension];
      for (String w : t.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) {
          v[Math.floorMod(w.hashCode() * 0x9E3779B1, dimension)] += 1f;
        }
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      if (n == 0) {
        v[0] = 1f;
        n = 1;
      }
      float inv = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
      out.add(v);
    }
    return out;
  }
}
