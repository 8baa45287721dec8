package dev.quiver.core.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds embedding models by name. The engine asks it when a collection is bound to a model;
 * quiver-embed registers the built-in models through {@link ServiceLoader}, so a database opened
 * with quiver-embed on the class path knows them without configuration.
 */
public interface EmbeddingModelProvider {

  /** Names of the models this provider can give. */
  Set<String> names();

  /**
   * The model called {@code name}, loaded on first use and shared afterwards.
   *
   * @throws IllegalArgumentException when the name is unknown; the message lists the known names
   */
  EmbeddingModel model(String name);

  /** A provider that knows no model. */
  static EmbeddingModelProvider none() {
    return of(List.of());
  }

  /** Every provider registered with {@link ServiceLoader}, asked in class-path order. */
  static EmbeddingModelProvider discover() {
    List<EmbeddingModelProvider> found = new ArrayList<>();
    ServiceLoader.load(EmbeddingModelProvider.class).forEach(found::add);
    return of(found);
  }

  /** Asks {@code providers} in order; the first that knows a name gives its model. */
  static EmbeddingModelProvider of(List<EmbeddingModelProvider> providers) {
    List<EmbeddingModelProvider> list = List.copyOf(providers);
    return new EmbeddingModelProvider() {
      @Override
      public Set<String> names() {
        Set<String> all = new TreeSet<>();
        list.forEach(p -> all.addAll(p.names()));
        return all;
      }

      @Override
      public EmbeddingModel model(String name) {
        for (EmbeddingModelProvider p : list) {
          if (p.names().contains(name)) {
            return p.model(name);
          }
        }
        Set<String> known = names();
        throw new IllegalArgumentException("unknown embedding model '" + name + "'; known models: "
            + (known.isEmpty() ? "none (add quiver-embed to the class path or register one)"
                : String.join(", ", known)));
      }
    };
  }
}
