package dev.quiver.embed.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The semantically bleached sentence templates of SEAT (May et al., 2019), which turn each word of a
 * WEAT set into several sentences so that sentence encoders are tested on sentences: "This is a
 * rose.", "The rose is here.", "This is Amy.", "This is freedom.". Bundled in {@code
 * weat/templates.json}, one list per {@linkplain WeatDefinition.WordSet#kind() kind}; {@code {}} is the
 * word and {@code {a}} the word with its indefinite article (a/an by its first letter).
 */
public final class SeatTemplates {

  /** Kinds of word, each with its templates. */
  public static final List<String> KINDS = List.of("noun", "name", "mass");

  /** The paper the templates follow. */
  public static final String CITATION;
  private static final Map<String, List<String>> TEMPLATES;

  static {
    try (InputStream in = SeatTemplates.class.getResourceAsStream("weat/templates.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      CITATION = root.get("citation").asText();
      Map<String, List<String>> t = new java.util.LinkedHashMap<>();
      for (String kind : KINDS) {
        List<String> list = new ArrayList<>();
        root.get(kind).forEach(n -> list.add(n.asText()));
        t.put(kind, List.copyOf(list));
      }
      TEMPLATES = Map.copyOf(t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SeatTemplates() {}

  /** The templates of a kind. */
  public static List<String> templates(String kind) {
    List<String> t = TEMPLATES.get(kind);
    if (t == null) {
      throw new IllegalArgumentException("no SEAT templates for kind '" + kind + "'; expected one of " + KINDS);
    }
    return t;
  }

  /** Every sentence of every template of {@code set}'s kind, word by word. */
  public static List<String> sentences(WeatDefinition.WordSet set) {
    List<String> out = new ArrayList<>();
    for (String word : set.words()) {
      for (String template : templates(set.kind())) {
        out.add(fill(template, word));
      }
    }
    return out;
  }

  static String fill(String template, String word) {
    String article = "aeiouAEIOU".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
    return template.replace("{a}", article + word).replace("{}", word);
  }
}
