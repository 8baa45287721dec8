package dev.quiver.engine.rag;

import java.util.List;

/**
 * Builds the chat messages for a question: a system message telling the model to answer only from
 * the numbered sources, cite them as [n] and say so when they do not answer; a user message with the
 * numbered sources (each headed by its position) and the question.
 */
public final class PromptBuilder {

  /** Longest source text put into the prompt, in characters (chunks are normally far shorter). */
  public static final int MAX_SOURCE_CHARS = 4000;

  public static final String SYSTEM = """
      You answer questions using only the numbered sources below the question's context. \
      Cite the sources that support each statement with their numbers in square brackets, like [1] or [2][3]. \
      If the sources do not contain the answer, say that the sources do not answer the question; \
      do not make anything up. Answer concisely, in the language of the question.""";

  public List<ChatMessage> build(String question, List<Source> sources) {
    StringBuilder u = new StringBuilder("Sources:\n\n");
    if (sources.isEmpty()) {
      u.append("(no sources matched the question)\n\n");
    }
    for (Source s : sources) {
      String text = s.text().strip();
      if (text.length() > MAX_SOURCE_CHARS) {
        text = text.substring(0, MAX_SOURCE_CHARS) + " …";
      }
      u.append('[').append(s.number()).append("] (").append(s.position());
      if (s.title() != null && !s.title().isBlank()) {
        u.append(" — ").append(s.title());
      }
      u.append(")\n").append(text).append("\n\n");
    }
    u.append("Question: ").append(question.strip()).append("\n\nAnswer with citations like [1]:");
    return List.of(ChatMessage.system(SYSTEM), ChatMessage.user(u.toString()));
  }
}
