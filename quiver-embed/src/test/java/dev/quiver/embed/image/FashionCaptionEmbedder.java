package dev.quiver.embed.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.EmbeddingModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds the captions of {@code models/fashion-clip/captions.json} with Quiver's own
 * all-MiniLM-L6-v2 (query embeddings, as searches use) and writes them for the training script,
 * which cannot run MiniLM itself: {@code caption-embeddings.f32}, little-endian float32, 384 per
 * row, rows in file order (every {@code train} caption class by class, then the {@code eval}
 * queries). Run from the repository root:
 *
 * <pre>
 * mvn -B -o -q -pl quiver-embed test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.quiver.embed.image.FashionCaptionEmbedder -Dexec.args=models/fashion-clip
 * </pre>
 */
public final class FashionCaptionEmbedder {

  private FashionCaptionEmbedder() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "models/fashion-clip").toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("captions.json"))) {
      // exec:java runs in the module folder; the argument is relative to the repository root.
      dir = Path.of("..").resolve(args.length > 0 ? args[0] : "models/fashion-clip").toAbsolutePath();
    }
    JsonNode captions = new ObjectMapper().readTree(dir.resolve("captions.json").toFile());
    List<String> texts = new ArrayList<>();
    for (JsonNode phrasings : captions.get("train")) {
      for (JsonNode text : phrasings) {
        texts.add(text.asText());
      }
    }
    for (JsonNode text : captions.get("eval")) {
      texts.add(text.asText());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      EmbeddingModel minilm = registry.get(BuiltinImageModel.CLIP_TEXT_MODEL);
      List<float[]> vectors = minilm.embedQueries(texts);
      ByteBuffer out = ByteBuffer.allocate(vectors.size() * minilm.dimension() * 4)
          .order(ByteOrder.LITTLE_ENDIAN);
      for (float[] v : vectors) {
        for (float x : v) {
          out.putFloat(x);
        }
      }
      Path file = dir.resolve("caption-embeddings.f32");
      Files.write(file, out.array());
      System.out.println("wrote " + vectors.size() + " x " + minilm.dimension() + " embeddings of "
          + minilm.name() + " (" + minilm.version() + ") to " + file);
    }
  }
}
