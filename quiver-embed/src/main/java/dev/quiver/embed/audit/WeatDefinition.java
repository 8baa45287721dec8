package dev.quiver.embed.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Word Embedding Association Test: two target sets X and Y (flowers, insects) and two
 * attribute sets A and B (pleasant, unpleasant). A positive effect means X is closer to A (and Y to
 * B) than the other way round.
 *
 * <p>The ten tests of Caliskan et al. (2017) are bundled ({@link #builtIn()}: {@code weat1} ...
 * {@code weat10}, word lists from the paper's supplementary materials, with the names the paper
 * excluded from its replication excluded here too). A user's own tests use the same JSON shape:
 *
 * <pre>{@code
 * {"name": "my-test", "title": "...",
 *  "x": {"name": "flowers", "kind": "noun", "words": ["aster", ...]}, "y": {...},
 *  "a": {"name": "pleasant", "kind": "mass", "words": [...]}, "b": {...}}
 * }</pre>
 *
 * ({@code kind} picks the sentence templates for SEAT, see {@link SeatTemplates}; default noun.) A
 * file may hold one such object or an array of them.
 */
public record WeatDefinition(String name, String title, String citation, String note, WordSet x, WordSet y, WordSet a,
    WordSet b) {

  /** The built-in tests, in order. */
  public static final List<String> BUILT_IN = List.of("weat1", "weat2", "weat3", "weat4", "weat5", "weat6",
      "weat7", "weat8", "weat9", "weat10");

  private static final ObjectMapper JSON = new ObjectMapper();

  public WeatDefinition {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a WEAT test needs a name");
    }
    for (WordSet s : new WordSet[] {x, y, a, b}) {
      if (s == null) {
        throw new IllegalArgumentException("WEAT test '" + name + "' needs four word sets: x, y, a and b");
      }
    }
    if (x.words().size() + y.words().size() < 3) {
      throw new IllegalArgumentException("WEAT test '" + name + "' needs at least 3 target words in x and y"
          + " together (the effect size divides by their standard deviation), got "
          + (x.words().size() + y.words().size()));
    }
  }

  /**
   * A named list of words.
   *
   * @param kind {@code noun} (a countable noun: "This is a rose."), {@code name} ("This is Amy."),
   *             or {@code mass} ("This is freedom."); only SEAT uses it
   */
  public record WordSet(String name, String kind, List<String> words) {
    public WordSet {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a word set needs a name");
      }
      kind = kind == null ? "noun" : kind.toLowerCase(Locale.ROOT);
      if (!SeatTemplates.KINDS.contains(kind)) {
        throw new IllegalArgumentException("word set '" + name + "' has kind '" + kind + "'; expected one of "
            + SeatTemplates.KINDS);
      }
      if (words == null || words.isEmpty()) {
        throw new IllegalArgumentException("word set '" + name + "' is empty; it needs at least one word");
      }
      for (String w : words) {
        if (w == null || w.isBlank()) {
          throw new IllegalArgumentException("word set '" + name + "' holds a blank word");
        }
      }
      words = List.copyOf(words);
    }
  }

  /** Every built-in test, {@code weat1} to {@code weat10}. */
  public static List<WeatDefinition> builtIn() {
    return BUILT_IN.stream().map(WeatDefinition::builtIn).toList();
  }

  /** The built-in test called {@code name} ({@code weat1} ... {@code weat10}, case-insensitive). */
  public static WeatDefinition builtIn(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!BUILT_IN.contains(key)) {
      throw new IllegalArgumentException("unknown WEAT test '" + name + "'; expected one of " + BUILT_IN
          + " or all");
    }
    try (InputStream in = WeatDefinition.class.getResourceAsStream("weat/" + key + ".json")) {
      if (in == null) {
        throw new IllegalStateException("built-in WEAT test " + key + " is missing from the jar");
      }
      return fromJson(JSON.readTree(in), key + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tests of a user's JSON file: one test object or an array of them. */
  public static List<WeatDefinition> read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read word sets " + file + ": " + e.getMessage(), e);
    }
    return fromJsonList(root, file.toString());
  }

  /** Tests from JSON: one test object or an array of them; {@code where} names the source in errors. */
  public static List<WeatDefinition> fromJsonList(JsonNode root, String where) {
    List<WeatDefinition> tests = new ArrayList<>();
    if (root != null && root.isArray()) {
      for (int i = 0; i < root.size(); i++) {
        tests.add(fromJson(root.get(i), where + "[" + i + "]"));
      }
    } else {
      tests.add(fromJson(root, where));
    }
    if (tests.isEmpty()) {
      throw new IllegalArgumentException(where + " holds no WEAT test");
    }
    return tests;
  }

  /** One test object. */
  public static WeatDefinition fromJson(JsonNode n, String where) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object with name, x, y, a and b, got "
          + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    try {
      return new WeatDefinition(text(n, "name", where, true), text(n, "title", where, false),
          text(n, "citation", where, false), text(n, "note", where, false), set(n, "x", where), set(n, "y", where),
          set(n, "a", where), set(n, "b", where));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static WordSet set(JsonNode n, String field, String where) {
    JsonNode s = n.get(field);
    if (s == null || !s.isObject()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be a word set {\"name\": ..., \"words\":"
          + " [...]}");
    }
    JsonNode words = s.get("words");
    if (words == null || !words.isArray()) {
      throw new IllegalArgumentException(where + ": " + field + ".words must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode w : words) {
      if (!w.isTextual()) {
        throw new IllegalArgumentException(where + ": " + field + ".words must hold strings, got " + w);
      }
      list.add(w.asText());
    }
    String name = s.hasNonNull("name") ? s.get("name").asText() : field;
    return new WordSet(name, s.hasNonNull("kind") ? s.get("kind").asText() : null, list);
  }

  private static String text(JsonNode n, String field, String where, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(where + ": '" + field + "' is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(where + ": '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }
}
