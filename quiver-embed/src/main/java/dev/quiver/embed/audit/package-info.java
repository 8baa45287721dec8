/**
 * Audits of embedding models: bias tests and retrieval quality.
 *
 * <ul>
 *   <li>{@link dev.quiver.embed.audit.Weat}: the Word Embedding Association Test of Caliskan,
 *       Bryson and Narayanan (Science, 2017), effect size and permutation p-value exactly as
 *       published, with the paper's ten word-set pairs bundled
 *       ({@link dev.quiver.embed.audit.WeatDefinition#builtIn()}), user sets from JSON, and the
 *       sentence form SEAT (May et al., 2019) through {@link dev.quiver.embed.audit.SeatTemplates}.
 *   <li>{@link dev.quiver.embed.audit.RetrievalEvaluation}: how well a model retrieves items of the
 *       same label (precision@k, nDCG@10), to compare models on the user's own labelled texts.
 * </ul>
 *
 * <p>Glossary: <em>target sets</em> X, Y, the concepts tested (flowers, insects); <em>attribute
 * sets</em> A, B, the qualities (pleasant, unpleasant); <em>s(w, A, B)</em>, the association of
 * one word; <em>effect size d</em>, the standardised difference of the associations of X and Y.
 */
package dev.quiver.embed.audit;
