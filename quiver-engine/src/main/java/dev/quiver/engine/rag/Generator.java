package dev.quiver.engine.rag;

import java.util.List;
import java.util.function.Consumer;

/** Writes an answer to chat messages, passing each piece of text to {@code onToken} as it comes. */
public interface Generator {

  /** The model's name, reported with the answer. */
  String model();

  /**
   * Generates the answer.
   *
   * @return the whole answer (the concatenation of the tokens)
   * @throws GeneratorException when the endpoint refuses or cannot be reached
   */
  String generate(List<ChatMessage> messages, Consumer<String> onToken);
}
