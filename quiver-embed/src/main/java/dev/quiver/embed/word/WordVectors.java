package dev.quiver.embed.word;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A vocabulary with one float vector per word. Word ids run 0..size-1 in the order of the file or of
 * the trainer's vocabulary, which is by descending frequency; vectors are stored raw (not normalised)
 * in one flat array, row {@code id}.
 *
 * <p>Immutable once built; safe to share between threads.
 */
public final class WordVectors {

  private final String[] words;
  private final Map<String, Integer> ids;
  private final float[] vectors; // words.length × dimension, row-major
  private final int dimension;
  private final long[] counts; // corpus frequencies when known (trainer), else null

  /**
   * @param words the vocabulary, distinct; its order gives the ids
   * @param vectors {@code words.size() × dimension} components, row by row (not copied)
   * @param counts corpus frequency of each word, or null when unknown
   */
  public WordVectors(List<String> words, float[] vectors, int dimension, long[] counts) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if ((long) words.size() * dimension != vectors.length) {
      throw new IllegalArgumentException(words.size() + " words × " + dimension + " dimensions need "
          + (long) words.size() * dimension + " components, got " + vectors.length);
    }
    if (counts != null && counts.length != words.size()) {
      throw new IllegalArgumentException("counts has " + counts.length + " entries for " + words.size() + " words");
    }
    this.words = words.toArray(new String[0]);
    this.ids = new HashMap<>(Math.max(16, words.size() * 4 / 3 + 1));
    for (int i = 0; i < this.words.length; i++) {
      if (ids.putIfAbsent(this.words[i], i) != null) {
        throw new IllegalArgumentException("word '" + this.words[i] + "' occurs twice (ids "
            + ids.get(this.words[i]) + " and " + i + ")");
      }
    }
    this.vectors = vectors;
    this.dimension = dimension;
    this.counts = counts;
  }

  /** Reads a file in any supported format, detected from its content (see {@link WordVectorsReader}). */
  public static WordVectors load(Path file) throws IOException {
    return WordVectorsReader.read(file);
  }

  /** Writes this in {@code format}: word2vec binary or text ({@link WordVectorsFormat#GLOVE_TEXT} too). */
  public void save(Path file, WordVectorsFormat format) throws IOException {
    WordVectorsWriter.write(this, file, format);
  }

  public int size() {
    return words.length;
  }

  public int dimension() {
    return dimension;
  }

  /** The word with id {@code id}. */
  public String word(int id) {
    return words[id];
  }

  /** The id of {@code word}, or -1 when it is not in the vocabulary. */
  public int id(String word) {
    Integer id = ids.get(word);
    return id == null ? -1 : id;
  }

  public boolean contains(String word) {
    return ids.containsKey(word);
  }

  /** A copy of the vector of word {@code id}. */
  public float[] vector(int id) {
    return Arrays.copyOfRange(vectors, id * dimension, (id + 1) * dimension);
  }

  /**
   * A copy of the vector of {@code word}.
   *
   * @throws IllegalArgumentException when the word is not in the vocabulary
   */
  public float[] vector(String word) {
    int id = id(word);
    if (id < 0) {
      throw new IllegalArgumentException("'" + word + "' is not in the vocabulary of " + size() + " words");
    }
    return vector(id);
  }

  /** Adds {@code weight} × the vector of {@code id} to {@code sum}, without copying. */
  public void addTo(int id, float weight, float[] sum) {
    int base = id * dimension;
    for (int i = 0; i < dimension; i++) {
      sum[i] += weight * vectors[base + i];
    }
  }

  /** Component {@code i} of word {@code id}'s vector. */
  float component(int id, int i) {
    return vectors[id * dimension + i];
  }

  /** Corpus frequency of word {@code id}, or -1 when unknown (vectors loaded from a file). */
  public long count(int id) {
    return counts == null ? -1 : counts[id];
  }

  public boolean hasCounts() {
    return counts != null;
  }

  /** The vocabulary in id order. */
  public List<String> words() {
    return List.of(words);
  }

  @Override
  public String toString() {
    return "WordVectors[" + size() + " words × " + dimension + "]";
  }
}
