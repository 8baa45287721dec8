package dev.quiver.embed.word;

/** A word found by a {@link WordSearcher}, with its cosine similarity to the query. */
public record WordHit(String word, float score) {

  @Override
  public String toString() {
    return word + String.format(java.util.Locale.ROOT, " %.3f", score);
  }
}
