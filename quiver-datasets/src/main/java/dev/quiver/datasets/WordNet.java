package dev.quiver.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * The 117,659 WordNet 3.0 synsets of {@code <shared data>/wordnet/synsets.jsonl.gz}, one JSON object
 * a line: {@code {"id": "02084071-n", "pos": "n", "category": "noun.animal", "words": [...],
 * "definition": "...", "examples": [...], "hypernyms": ["02083346-n", ...]}}.
 *
 * <p>Parsed by {@link FlatJson}, a small parser for exactly this flat shape, so the module keeps no
 * dependencies.
 */
public final class WordNet {

  /** The file inside the shared data folder. */
  public static final String FILE = "wordnet/synsets.jsonl.gz";

  /**
   * One synset.
   *
   * @param id         offset and part of speech, e.g. {@code 02084071-n}
   * @param pos        {@code n}, {@code v}, {@code a} or {@code r}
   * @param category   the lexicographer file, e.g. {@code noun.animal}
   * @param words      the lemmas, most frequent first
   * @param definition the gloss
   * @param examples   example sentences (possibly empty)
   * @param hypernyms  ids of the more general synsets (possibly empty)
   */
  public record Synset(String id, String pos, String category, List<String> words, String definition,
             List<String> examples, List<String> hypernyms) {
    public Synset {
      Objects.requireNonNull(id, "id");
      words = List.copyOf(words);
      examples = List.copyOf(examples);
      hypernyms = List.copyOf(hypernyms);
    }
  }

  private WordNet() {}

  /** Loads {@code <shared data>/wordnet/synsets.jsonl.gz} (see {@link DataPaths#sharedDataDir()}). */
  public static List<Synset> load() {
    return load(DataPaths.sharedDataDir().resolve(FILE));
  }

  /** Loads the synsets of a {@code synsets.jsonl.gz} file, in file order. */
  public static List<Synset> load(Path synsetsJsonlGz) {
    List<Synset> synsets = new ArrayList<>(120_000);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(synsetsJsonlGz), 1 << 16), StandardCharsets.UTF_8),
        1 << 16)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          synsets.add(parse(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(synsetsJsonlGz + " line " + number + ": " + e.getMessage(), e);
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataNotFoundException("WordNet synsets not found: " + synsetsJsonlGz
          + " does not exist. Point -D" + DataPaths.DATA_DIR_PROPERTY + " at the shared data folder");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + synsetsJsonlGz + ": " + e.getMessage(), e);
    }
    return synsets;
  }

  /** Parses one line; package-private for tests. */
  static Synset parse(String line) {
    FlatJson.Obj o = FlatJson.parse(line);
    return new Synset(o.string("id"), o.string("pos"), o.string("category"), o.strings("words"),
        o.string("definition"), o.strings("examples"), o.strings("hypernyms"));
  }
}
