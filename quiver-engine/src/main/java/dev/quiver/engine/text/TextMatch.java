package dev.quiver.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.filter.FilterEvaluator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates {@link Filter.MatchText} on one payload by analysis, with the same analyzer and the same
 * notion of a document (all string values of the key together) as {@link TextIndex#matchAll}, so an
 * indexed and an unindexed answer agree. Stateless; safe from any thread.
 */
public final class TextMatch {

  private TextMatch() {}

  public static boolean matches(Filter.MatchText m, ObjectNode payload) {
    List<String> wanted = TextAnalyzer.ENGLISH.terms(m.text());
    if (wanted.isEmpty() || payload == null) {
      return false;
    }
    Set<String> have = new HashSet<>();
    List<String> scratch = new java.util.ArrayList<>();
    for (JsonNode leaf : FilterEvaluator.leaves(payload, m.key())) {
      if (leaf.isTextual()) {
        scratch.clear();
        TextAnalyzer.ENGLISH.terms(leaf.asText(), scratch);
        have.addAll(scratch);
      }
    }
    return have.containsAll(wanted);
  }
}
