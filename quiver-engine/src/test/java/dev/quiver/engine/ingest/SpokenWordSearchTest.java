package dev.quiver.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the real built-in audio model: a folder of WAVs (10 words, each said by three
 * held-out espeak-ng voices, under names that do not give the word away) ingested into a
 * collection whose {@code sound} vector is bound to quiver-spoken-words, then searched by a WAV of
 * each word said by a fourth voice. The WAVs are quiver-embed's held-out test set
 * ({@code quiver-embed/src/test/resources/dev/quiver/embed/audio/heldout}, see
 * {@code models/spoken-words/README.md}).
 */
class SpokenWordSearchTest {

  static final Path HELDOUT = Path.of("..", "quiver-embed", "src", "test", "resources", "dev",
      "quiver", "embed", "audio", "heldout");

  @TempDir Path dir;

  @Test
  void searchByAWavOfAWordFindsThatWordSaidByOtherVoices() throws Exception {
    JsonNode items = new ObjectMapper().readTree(HELDOUT.resolve("heldout.json").toFile()).get("items");
    Map<String, Map<String, Path>> byWordAndVoice = new LinkedHashMap<>();
    for (JsonNode item : items) {
      byWordAndVoice.computeIfAbsent(item.get("word").asText(), w -> new LinkedHashMap<>())
          .put(item.get("voice").asText(), HELDOUT.resolve(item.get("file").asText()));
    }
    List<String> words = new ArrayList<>(byWordAndVoice.keySet()).subList(0, 10);
    Path folder = Files.createDirectories(dir.resolve("sounds"));
    Map<String, String> wordOf = new HashMap<>();
    List<Path> queries = new ArrayList<>();
    int n = 0;
    for (String word : words) {
      List<Path> takes = new ArrayList<>(byWordAndVoice.get(word).values());
      for (Path take : takes.subList(0, 3)) {
        Path file = folder.resolve(String.format("clip-%03d.wav", n++));
        Files.copy(take, file);
        wordOf.put(file.toString(), word);
      }
      queries.add(takes.get(3));
    }
    try (Quiver db = Quiver.open(dir.resolve("db"))) {
      VectorCollection c = db.createCollection("words",
          CollectionConfig.named(Map.of("sound", VectorParams.forModel("quiver-spoken-words"))));
      IngestReport report = new MediaIngester(c).ingest(IngestFiles.list(List.of(folder)).media(),
          new Ingester.Listener() {});
      assertEquals(30, report.added());
      int hits = 0;
      List<String> misses = new ArrayList<>();
      for (int i = 0; i < words.size(); i++) {
        List<ScoredPoint> found = c.search(SearchRequest.ofMedia(
            MediaInput.audio(Files.readAllBytes(queries.get(i))), 1).using("sound"));
        ObjectNode payload = found.get(0).payload();
        assertEquals("audio", payload.get("media").asText());
        assertTrue(payload.get("duration_seconds").asDouble() > 0.1);
        String got = wordOf.get(payload.get("source").asText());
        if (got.equals(words.get(i))) {
          hits++;
        } else {
          misses.add(words.get(i) + " -> " + got);
        }
      }
      assertTrue(hits >= 9, hits + "/10 words found; misses " + misses);
    }
  }
}
