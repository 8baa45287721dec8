package dev.quiver.engine.rag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An answer with the sources it cites.
 *
 * @param mode {@code generated} (by {@code model}) or {@code extractive} (sentences of the sources)
 * @param model the generator's model name; null for extractive answers
 */
public record AskResult(String question, String answer, String mode, String model, List<Source> sources) {

  public static final String GENERATED = "generated";
  public static final String EXTRACTIVE = "extractive";

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("question", question);
    o.put("answer", answer);
    o.put("mode", mode);
    o.put("model", model);
    o.set("sources", sourcesJson(sources));
    return o;
  }

  public static ArrayNode sourcesJson(List<Source> sources) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Source s : sources) {
      a.add(s.toJson());
    }
    return a;
  }
}
