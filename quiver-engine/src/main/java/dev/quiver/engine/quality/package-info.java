/**
 * Data quality of a collection: the health report ({@code quiver inspect}).
 *
 * <p>{@link dev.quiver.engine.EmbeddedCollection#inspect} takes a snapshot of the collection and
 * {@link dev.quiver.engine.quality.HealthInspector} checks it: non-finite, zero and near-zero
 * vectors, exact and near duplicates, outliers by k-th neighbour distance, hubness, payload fields
 * most points carry but some lack, and the distributions of norms and neighbour distances. The k
 * nearest neighbours of every point come from the collection's HNSW index, one search per point on
 * all cores, so the report is n searches, never n² comparisons.
 *
 * <p>Glossary: <em>k-occurrence N_k</em>, the number of other points' k-NN lists a point appears
 * in (mean k); <em>hub</em>, a point with N_k far above k; <em>anti-hub</em>, a point with N_k = 0;
 * <em>MAD</em>, the median absolute deviation from the median; <em>robust z-score</em>,
 * {@code (x - median) / (1.4826 * MAD)}, which is the ordinary z-score for normal data but is not
 * dragged by the outliers it looks for.
 */
package dev.quiver.engine.quality;
