package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver recommend} embedded and through a server, on 64 tracks whose vector is a genre axis
 * plus a mood axis plus noise (track i: genre i % 4, mood (i / 4) % 4).
 */
class RecommendCommandTest {

  @TempDir Path dir;

  static final List<String> GENRES = List.of("rock", "jazz", "folk", "pop");
  static final List<String> MOODS = List.of("happy", "sad", "energetic", "calm");

  private Path tracks() throws Exception {
    Random r = new Random(5);
    StringBuilder b = new StringBuilder();
    for (int id = 0; id < 64; id++) {
      float[] v = new float[8];
      v[id % 4] += 1;
      v[4 + (id / 4) % 4] += 1;
      b.append("{\"id\": ").append(id).append(", \"vector\": [");
      for (int d = 0; d < 8; d++) {
        b.append(d == 0 ? "" : ",").append(v[d] + (float) (r.nextGaussian() * 0.05));
      }
      b.append("], \"payload\": {\"genre\": \"").append(GENRES.get(id % 4)).append("\", \"mood\": \"")
          .append(MOODS.get((id / 4) % 4)).append("\", \"year\": ").append(1990 + id % 30).append("}}\n");
    }
    return Files.writeString(dir.resolve("tracks.jsonl"), b.toString());
  }

  private static Set<String> field(JsonNode hits, String name) {
    Set<String> out = new HashSet<>();
    hits.forEach(h -> out.add(h.path("payload").path(name).asText()));
    return out;
  }

  private static JsonNode json(Cli.Result r) {
    assertEquals(0, r.exit(), r::toString);
    return ApiCodec.readTree(r.out());
  }

  private void flow(Cli cli) throws Exception {
    assertEquals(0, cli.run("create", "tracks", "--size", "8", "--distance", "cosine").exit());
    assertEquals(0, cli.run("upsert", "tracks", tracks().toString()).exit());

    // positives of the sad mood (ids 4..7), as a table
    Cli.Result table = cli.run("recommend", "tracks", "--positive", "4,5", "-p", "6", "-k", "5");
    assertEquals(0, table.exit(), table::toString);
    assertTrue(table.out().startsWith("id"), table::toString);
    assertEquals(6, table.out().strip().lines().count(), table::toString);
    assertTrue(table.out().lines().skip(1).allMatch(l -> l.contains("\"sad\"")), table::toString);

    JsonNode hits = json(cli.run("recommend", "tracks", "-p", "4,5,6", "-k", "8", "--json"));
    assertEquals(Set.of("sad"), field(hits, "mood"));

    // best score with a negative vector and a filter
    hits = json(cli.run("recommend", "tracks", "--positive", "4", "--negative", "[0,0,0,0,0,1,0,0]",
        "--strategy", "best-score", "--filter", "{\"must\": [{\"key\": \"year\", \"range\": {\"gte\": 2000}}]}",
        "-k", "4", "--json"));
    assertEquals(4, hits.size());
    assertEquals(Set.of("rock"), field(hits, "genre"));
    hits.forEach(h -> assertTrue(h.path("payload").path("year").asInt() >= 2000, h::toString));

    // more like this, with and without the example
    hits = json(cli.run("recommend", "tracks", "--like", "9", "-k", "3", "--json"));
    hits.forEach(h -> assertTrue(h.get("id").asInt() != 9));
    assertEquals(Set.of("jazz"), field(hits, "genre"));
    hits = json(cli.run("recommend", "tracks", "--like", "9", "-k", "1", "--include-examples", "--json"));
    assertEquals(9, hits.get(0).get("id").asInt());

    // arithmetic: rock-sad - jazz-sad + jazz-energetic = rock-energetic
    hits = json(cli.run("recommend", "tracks", "--add", "4", "--subtract", "5", "--add", "1*9", "-k", "3", "--json"));
    assertEquals(Set.of("rock"), field(hits, "genre"));
    assertEquals(Set.of("energetic"), field(hits, "mood"));

    // errors
    Cli.Result missing = cli.run("recommend", "tracks", "-p", "4,999");
    assertEquals(4, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("999 (positive[1])"), missing::toString);
    Cli.Result words = cli.run("recommend", "tracks", "--add", "sad songs");
    assertEquals(4, words.exit(), words::toString);
    assertTrue(words.err().contains("not bound to an embedding model"), words::toString);
    Cli.Result both = cli.run("recommend", "tracks", "-p", "4", "--add", "5");
    assertEquals(2, both.exit(), both::toString);
    Cli.Result none = cli.run("recommend", "tracks");
    assertEquals(2, none.exit(), none::toString);
    Cli.Result strategy = cli.run("recommend", "tracks", "-p", "4", "--strategy", "median");
    assertEquals(2, strategy.exit(), strategy::toString);
    assertTrue(strategy.err().contains("best-score"), strategy::toString);
    Cli.Result notId = cli.run("recommend", "tracks", "-p", "sad");
    assertEquals(2, notId.exit(), notId::toString);
    assertTrue(notId.err().contains("--positive-text"), notId::toString);
    assertEquals(3, cli.run("recommend", "nope", "-p", "1").exit());
  }

  @Test
  void embedded() throws Exception {
    flow(new Cli("--data", dir.resolve("data").toString()));
  }

  @Test
  void remote() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(dir.resolve("served")))) {
      flow(new Cli("--url", server.uri().toString()));
    }
  }
}
