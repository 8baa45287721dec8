/**
 * Full-text payload indexes and hybrid (vector + keyword) search.
 *
 * <ul>
 *   <li>{@link dev.quiver.engine.text.TextAnalyzer}: text → terms (Lucene's English chain, plus
 *       punctuated identifiers such as {@code SKU-4471-B} kept whole).
 *   <li>{@link dev.quiver.engine.text.TextIndex}: one field's inverted index, kept by the collection
 *       through every write like any payload index ({@code createPayloadIndex(field, TEXT)}); rebuilt
 *       from the payloads when a checkpoint is loaded, so it has no file of its own.
 *   <li>{@code Bm25Searcher}: top-k BM25 with MaxScore pruning, under any filter.
 *   <li>{@link dev.quiver.engine.text.RankFusion} and {@link dev.quiver.engine.text.Fusion}: merging
 *       the vector and keyword rankings; {@link dev.quiver.engine.text.HybridSearchRequest} is the query.
 * </ul>
 *
 * <h2>Glossary</h2>
 * <dl>
 *   <dt>term</dt><dd>an analysed token: lower-cased, stemmed ({@code running} → {@code run}).</dd>
 *   <dt>document</dt><dd>all string values of the indexed key of one point, analysed together.</dd>
 *   <dt>N, n(t), f(t, d), |d|, avgdl</dt><dd>documents, documents holding t, frequency of t in d,
 *       length of d in terms, average length: the inputs of BM25.</dd>
 *   <dt>k1, b</dt><dd>BM25's term-frequency saturation (1.2) and length normalisation (0.75).</dd>
 *   <dt>MaxScore</dt><dd>skipping documents that can only hold terms whose summed upper bounds
 *       cannot beat the current k-th score (Turtle and Flood, 1995).</dd>
 *   <dt>RRF k</dt><dd>the constant in Reciprocal Rank Fusion's 1 / (k + rank) (60 by default).</dd>
 *   <dt>α (alpha)</dt><dd>the vector list's weight in weighted fusion; the keyword list gets 1 − α.</dd>
 *   <dt>candidates</dt><dd>how deep each list is before fusion; default max(4 · limit, 50).</dd>
 * </dl>
 *
 * <p>Concurrency: indexes are owned by the collection's {@code PayloadIndexes}, mutated under its
 * write lock and searched under its read lock; analysers and fusion are stateless.
 */
package dev.quiver.engine.text;
