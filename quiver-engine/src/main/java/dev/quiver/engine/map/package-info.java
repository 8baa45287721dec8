/**
 * Maps of the embedding space: a 2D projection of one vector of a collection, for people to look
 * at (the web console draws it).
 *
 * <ul>
 *   <li>{@link dev.quiver.engine.map.EmbeddingMapper#build} reads a uniform sample of up to 20,000
 *       points and projects it by {@link dev.quiver.engine.map.ProjectionMethod PCA} (randomized SVD,
 *       the default) or exact t-SNE (up to 3,000 points, PCA-initialised).
 *   <li>{@link dev.quiver.engine.map.EmbeddingMap#place} puts a query vector on the same map.
 * </ul>
 *
 * Vectors are taken as the metric prepares them (unit length for cosine), so the map shows the
 * geometry the search uses.
 */
package dev.quiver.engine.map;
