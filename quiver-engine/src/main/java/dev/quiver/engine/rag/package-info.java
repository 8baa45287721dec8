/**
 * Retrieval-augmented answers over a collection: {@link dev.quiver.engine.rag.Asker} retrieves the
 * passages that best match a question ({@link dev.quiver.engine.rag.Retriever}: hybrid BM25 + vector
 * search, optional maximal-marginal-relevance re-ranking), numbers them as
 * {@link dev.quiver.engine.rag.Source}s, and either has an OpenAI-compatible chat endpoint write an
 * answer citing them ({@link dev.quiver.engine.rag.PromptBuilder},
 * {@link dev.quiver.engine.rag.OpenAiCompatibleGenerator}) or, offline, picks the sentences that answer
 * best ({@link dev.quiver.engine.rag.ExtractiveAnswerer}).
 *
 * <p>Glossary: <em>MMR</em> (Carbonell &amp; Goldstein 1998) picks, one at a time, the candidate
 * maximising {@code λ·relevance − (1−λ)·max similarity to those already picked}; {@code λ = 1} is plain
 * relevance order. <em>Candidates</em>: how many retrieved points MMR chooses from. <em>Extractive</em>:
 * the answer is copied sentences, not generated text.
 */
package dev.quiver.engine.rag;
