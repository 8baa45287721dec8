package dev.quiver.engine.map;

import java.util.Locale;

/** How a collection's vectors are laid out in two dimensions. */
public enum ProjectionMethod {
  /** Principal component analysis: linear, fast, every point of the sample; queries project exactly. */
  PCA,
  /**
   * Exact t-SNE over at most 3,000 sampled points: local neighbourhoods kept, global distances
   * not; a query is placed at the weighted mean of its nearest sampled points.
   */
  TSNE;

  /** The lower-case wire name ({@code pca}, {@code tsne}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code pca} or {@code tsne} (also {@code t-sne}), any case.
   *
   * @throws IllegalArgumentException naming the value and the methods available
   */
  public static ProjectionMethod parse(String s) {
    String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "pca" -> PCA;
      case "tsne", "t-sne" -> TSNE;
      case "umap" -> throw new IllegalArgumentException("method 'umap' is not available (no permissively licensed"
          + " UMAP library for the JVM is on Maven Central); expected 'pca' or 'tsne'");
      default -> throw new IllegalArgumentException("method '" + s + "' is unknown; expected 'pca' or 'tsne'");
    };
  }
}
