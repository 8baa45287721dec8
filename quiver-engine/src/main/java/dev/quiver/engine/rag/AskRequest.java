package dev.quiver.engine.rag;

import dev.quiver.engine.filter.Filter;

/**
 * A question for {@link Asker}.
 *
 * @param question the question in words (required)
 * @param limit how many sources go into the prompt (default {@value #DEFAULT_LIMIT})
 * @param filter restricts retrieval (null: every point)
 * @param candidates how many points retrieval looks at before re-ranking (null: 4 × limit, at least 20)
 * @param mmrLambda maximal marginal relevance trade-off in [0, 1] (1 = pure relevance, lower = more
 *     diverse); null turns re-ranking off
 * @param textField the payload field holding the chunk text (null: the field the collection's model
 *     embeds, else {@code text})
 */
public record AskRequest(String question, int limit, Filter filter, Integer candidates, Double mmrLambda,
    String textField) {

  public static final int DEFAULT_LIMIT = 5;
  public static final int MAX_LIMIT = 100;

  public AskRequest {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question is required: a non-empty question in words");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit " + limit + " is out of range; expected 1.." + MAX_LIMIT);
    }
    if (candidates != null && (candidates < limit || candidates > 10_000)) {
      throw new IllegalArgumentException("candidates " + candidates + " is out of range; expected " + limit
          + "..10000 (at least limit)");
    }
    if (mmrLambda != null && !(mmrLambda >= 0 && mmrLambda <= 1)) {
      throw new IllegalArgumentException("mmr " + mmrLambda + " is out of range; expected a number in [0, 1]"
          + " (1 = relevance only, 0.5 = balanced) or null for no re-ranking");
    }
  }

  public static AskRequest of(String question) {
    return new AskRequest(question, DEFAULT_LIMIT, null, null, null, null);
  }

  public AskRequest withLimit(int l) {
    return new AskRequest(question, l, filter, candidates, mmrLambda, textField);
  }

  public AskRequest withFilter(Filter f) {
    return new AskRequest(question, limit, f, candidates, mmrLambda, textField);
  }

  public AskRequest withCandidates(Integer c) {
    return new AskRequest(question, limit, filter, c, mmrLambda, textField);
  }

  public AskRequest withMmr(Double lambda) {
    return new AskRequest(question, limit, filter, candidates, lambda, textField);
  }

  public AskRequest withTextField(String f) {
    return new AskRequest(question, limit, filter, candidates, mmrLambda, f);
  }

  /** Candidates looked at before re-ranking. */
  public int candidateDepth() {
    return candidates != null ? candidates : Math.max(limit * 4, 20);
  }
}
