/**
 * Recommendations over a {@link dev.quiver.engine.VectorCollection}, embedded or remote.
 *
 * <ul>
 *   <li>{@link dev.quiver.engine.recommend.RecommendRequest}: positive and negative
 *       {@link dev.quiver.engine.recommend.Example examples} (point ids, vectors, texts), strategy
 *       {@code average_vector} or {@code best_score} (Qdrant's), filter, the examples excluded; "more
 *       like this" is one positive id.
 *   <li>{@link dev.quiver.engine.recommend.UserProfile}: an interaction history (plays, likes, skips)
 *       as a time-decayed weighted average; recommendations leave out the items already seen.
 *   <li>{@link dev.quiver.engine.recommend.QueryArithmetic}: a query vector as a weighted sum of
 *       examples ({@code king - man + woman}, {@code this song + 0.5 * "more energetic"}).
 * </ul>
 *
 * {@link dev.quiver.engine.recommend.Recommender} runs all three, and documents the formulas.
 */
package dev.quiver.engine.recommend;
