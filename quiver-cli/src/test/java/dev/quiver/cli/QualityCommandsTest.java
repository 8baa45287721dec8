package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver inspect}, {@code quiver audit} and {@code quiver evaluate}: embedded and through a
 * server, on WordNet, and their errors.
 */
class QualityCommandsTest {

  @TempDir Path dir;

  /** 60 points, 4 labels on 4 axes, plus an exact copy of point 7 that lacks "text". */
  private Path points() throws Exception {
    Random r = new Random(5);
    StringBuilder b = new StringBuilder();
    for (int id = 0; id < 60; id++) {
      b.append("{\"id\": ").append(id).append(", \"vector\": [");
      for (int d = 0; d < 8; d++) {
        b.append(d == 0 ? "" : ",").append((d == id % 4 ? 1 : 0) + (float) (r.nextGaussian() * 0.1));
      }
      b.append("], \"payload\": {\"genre\": \"g").append(id % 4).append("\", \"text\": \"point ").append(id)
          .append("\"}}\n");
    }
    return Files.writeString(dir.resolve("points.jsonl"), b.toString());
  }

  private void inspectFlow(Cli cli, boolean embedded) throws Exception {
    assertEquals(0, cli.run("create", "pts", "--size", "8", "--distance", "euclidean").exit());
    assertEquals(0, cli.run("upsert", "pts", points().toString()).exit());
    String seven = Files.readString(points()).lines().filter(l -> l.startsWith("{\"id\": 7,")).findFirst().orElseThrow();
    Path extra = Files.writeString(dir.resolve("extra.jsonl"), seven.replace("{\"id\": 7,", "{\"id\": 100,")
        .replaceAll(", \"text\": \"point 7\"", ""));
    assertEquals(0, cli.run("upsert", "pts", extra.toString()).exit());

    Cli.Result json = cli.run("inspect", "pts", "--json", "-k", "5");
    assertEquals(0, json.exit(), json::toString);
    JsonNode rep = ApiCodec.readTree(json.out());
    assertEquals(61, rep.get("points").asInt());
    assertEquals("[7,100]", rep.at("/vectors/0/exact_duplicates/sample/0").toString());
    assertEquals("[100]", rep.at("/payload/missing/0/sample").toString());
    if (embedded) {
      Cli.Result text = cli.run("inspect", "pts");
      assertEquals(0, text.exit(), text::toString);
      assertTrue(text.out().contains("exact duplicates     1 groups, 2 points"), text.out());
      assertTrue(text.out().contains("MISSING 'text' in 1 points, e.g. [100]"), text.out());
      assertTrue(text.out().contains("nearest-neighbour distance:"), text.out());
    }
    Cli.Result bad = cli.run("inspect", "pts", "--near-duplicate", "1.5");
    assertEquals(ExitCodes.INVALID_INPUT, bad.exit(), bad::toString);
    assertTrue(bad.err().contains("near_duplicate must be a cosine similarity in (0, 1], got 1.5"), bad::toString);
    Cli.Result missing = cli.run("inspect", "nope");
    assertEquals(ExitCodes.NOT_FOUND, missing.exit(), missing::toString);

    // evaluate the stored vectors by their genre label: 4 well-separated axes
    Cli.Result ev = cli.run("evaluate", "pts", "--label", "genre", "-k", "5");
    assertEquals(0, ev.exit(), ev::toString);
    assertTrue(ev.out().contains("| pts (default) *"), ev.out());
    assertTrue(ev.out().contains("|       1.0000 |"), "every neighbour shares the label: " + ev.out());
    Cli.Result noLabel = cli.run("evaluate", "pts", "--label", "mood");
    assertEquals(ExitCodes.INVALID_INPUT, noLabel.exit(), noLabel::toString);
    assertTrue(noLabel.err().contains("has 0 points with a 'mood' label (61 without)"), noLabel::toString);
  }

  @Test
  void inspectAndEvaluateEmbedded() throws Exception {
    inspectFlow(new Cli("--data", dir.resolve("data").toString()), true);
  }

  @Test
  void inspectAndEvaluateThroughAServer() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0)
        .withDataDir(dir.resolve("served")))) {
      inspectFlow(new Cli("--url", server.uri().toString()), false);
    }
  }

  @Test
  void auditWithTheBuiltInModel() throws Exception {
    Cli.Result r = Cli.raw("audit", "--test", "weat1,weat6", "--samples", "20000");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("weat1    flowers vs insects"), r.out());
    assertTrue(r.out().contains("weat6    male_names vs female_names"), r.out());
    assertTrue(r.out().contains("exact where the partitions are few, else 20,000 random ones"), r.out());
    String weat1 = r.out().lines().filter(l -> l.startsWith("weat1 ")).findFirst().orElseThrow();
    assertTrue(weat1.endsWith("yes (p < 0.05)"), weat1);

    Path sets = Files.writeString(dir.resolve("sets.json"), """
        {"name": "pets", "x": {"name": "cats", "words": ["cat", "kitten", "tabby"]},
         "y": {"name": "dogs", "words": ["dog", "puppy", "terrier"]},
         "a": {"name": "meow", "kind": "mass", "words": ["meowing", "purring"]},
         "b": {"name": "bark", "kind": "mass", "words": ["barking", "howling"]}}
        """);
    r = Cli.raw("audit", "--sets", sets.toString(), "--json", "--sentences");
    assertEquals(0, r.exit(), r::toString);
    JsonNode res = ApiCodec.readTree(r.out()).get("results").get(0);
    assertEquals("pets", res.get("test").asText());
    assertEquals(3 * 6, res.get("nx").asInt());
    assertTrue(res.get("effect_size").asDouble() > 0, res.toString());

    r = Cli.raw("audit", "--test", "weat42");
    assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r::toString);
    assertTrue(r.err().contains("unknown WEAT test 'weat42'"), r::toString);
    r = Cli.raw("audit", "--model", "nope", "--test", "weat1");
    assertEquals(ExitCodes.INVALID_INPUT, r.exit(), r::toString);
    assertTrue(r.err().contains("unknown embedding model 'nope'"), r::toString);
    r = Cli.raw("audit", "--sets", dir.resolve("missing.json").toString());
    assertEquals(ExitCodes.NOT_FOUND, r.exit(), r::toString);
  }

  /** The acceptance table: the two built-in text models and word-vector averaging on a WordNet sample. */
  @Test
  void evaluateOnWordNet() {
    Cli.Result r = Cli.raw("evaluate", "--dataset", "wordnet", "--sample", "300",
        "--models", "all-MiniLM-L6-v2,bge-small-en-v1.5,words");
    assertEquals(0, r.exit(), r::toString);
    System.out.print(r.out());
    for (String m : new String[] {"all-MiniLM-L6-v2", "bge-small-en-v1.5", "words *"}) {
      assertTrue(r.out().contains("| " + m), m + " missing from\n" + r.out());
    }
    assertTrue(r.out().contains("trained on the 300 evaluated texts themselves"), r.out());
    assertTrue(r.out().contains("300 texts, "), r.out());
    // the sentence models beat word2vec trained on 300 definitions
    String first = r.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| model")).findFirst().orElseThrow();
    assertTrue(!first.startsWith("| words"), r.out());

    Cli.Result both = Cli.raw("evaluate", "pts", "--dataset", "wordnet");
    assertEquals(ExitCodes.USAGE, both.exit(), both::toString);
    Cli.Result unknown = Cli.raw("evaluate", "--dataset", "imagenet");
    assertEquals(ExitCodes.USAGE, unknown.exit(), unknown::toString);
    assertTrue(unknown.err().contains("unknown --dataset 'imagenet'; expected wordnet"), unknown::toString);
  }
}
