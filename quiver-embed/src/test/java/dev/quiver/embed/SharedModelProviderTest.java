package dev.quiver.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.embed.EmbeddingModelProvider;
import org.junit.jupiter.api.Test;

class SharedModelProviderTest {

  @Test
  void serviceLoaderFindsTheBuiltInModels() {
    EmbeddingModelProvider found = EmbeddingModelProvider.discover();
    assertTrue(found.names().contains("all-MiniLM-L6-v2"), found.names().toString());
    assertTrue(found.names().contains("bge-small-en-v1.5"), found.names().toString());
    assertSame(EmbeddingModels.shared().get("all-MiniLM-L6-v2"), found.model("all-MiniLM-L6-v2"));
    assertEquals(384, found.model("all-MiniLM-L6-v2").dimension());
  }
}
