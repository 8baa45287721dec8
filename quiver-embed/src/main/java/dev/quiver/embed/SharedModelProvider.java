package dev.quiver.embed;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Offers the process-wide {@link EmbeddingModels#shared()} registry to the engine through {@link
 * java.util.ServiceLoader}, so {@code Quiver.open(path)} finds the built-in models (and any the
 * application registered there) without configuration.
 */
public final class SharedModelProvider implements EmbeddingModelProvider {

  @Override
  public Set<String> names() {
    return new LinkedHashSet<>(EmbeddingModels.shared().names());
  }

  @Override
  public EmbeddingModel model(String name) {
    return EmbeddingModels.shared().get(name);
  }
}
