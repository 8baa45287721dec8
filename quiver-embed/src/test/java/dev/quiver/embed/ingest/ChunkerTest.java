package dev.quiver.embed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static String sentences(int n, long seed) {
    String[] words = {"vector", "search", "engine", "stores", "points", "quickly", "with", "filters", "and",
        "payloads", "every", "query", "returns", "neighbours"};
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int len = 5 + r.nextInt(15);
      sb.append("Sentence ").append(i);
      for (int w = 0; w < len; w++) {
        sb.append(' ').append(words[r.nextInt(words.length)]);
      }
      sb.append(i % 7 == 6 ? ".\n\n" : ". ");
    }
    return sb.toString();
  }

  @Test
  void chunksRespectTheBudgetOverlapAndMapBack() {
    String text = sentences(200, 1);
    ChunkingConfig cfg = ChunkingConfig.of(64, 16);
    List<Chunk> chunks = new Chunker(cfg).chunk(text);
    assertTrue(chunks.size() > 10);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertEquals(i, c.index());
      assertEquals(text.substring(c.start(), c.end()), c.text());
      assertTrue(cfg.tokenCounter().applyAsInt(c.text()) <= 64, c.text());
      if (i > 0) {
        Chunk prev = chunks.get(i - 1);
        assertTrue(c.start() > prev.start(), "progress");
        assertTrue(c.start() < prev.end(), "overlaps the previous chunk: " + prev.end() + " vs " + c.start());
        int overlap = cfg.tokenCounter().applyAsInt(text.substring(c.start(), prev.end()));
        assertTrue(overlap <= 16 || overlap <= 32 && !text.substring(c.start(), prev.end()).strip()
            .substring(0, text.substring(c.start(), prev.end()).strip().length() - 1).contains(". "),
            "at most the overlap budget, or one sentence under half the chunk: " + overlap);
      }
    }
    assertTrue(chunks.get(chunks.size() - 1).end() >= text.strip().length() - 1, "the end is covered");
    // every sentence lies whole inside some chunk
    for (int i = 0; i < 200; i++) {
      int s = text.indexOf("Sentence " + i + " ");
      int e = text.indexOf('.', s) + 1;
      assertTrue(chunks.stream().anyMatch(c -> c.start() <= s && c.end() >= e), "sentence " + i);
    }
  }

  @Test
  void noOverlapMeansDisjointChunks() {
    String text = sentences(50, 2);
    List<Chunk> chunks = new Chunker(ChunkingConfig.of(40, 0)).chunk(text);
    for (int i = 1; i < chunks.size(); i++) {
      assertTrue(chunks.get(i).start() >= chunks.get(i - 1).end());
    }
  }

  @Test
  void abbreviationsAndDecimalsDoNotEndSentences() {
    Chunker c = new Chunker(ChunkingConfig.of(200, 0));
    String text = "Use a metric, e.g. cosine, for text. Pi is about 3.14 in value. Dr. Smith agrees.";
    List<int[]> s = c.sentences(text);
    assertEquals(3, s.size(), s.stream().map(x -> text.substring(x[0], x[1])).toList().toString());
    assertEquals("Use a metric, e.g. cosine, for text.", text.substring(s.get(0)[0], s.get(0)[1]));
  }

  @Test
  void aSentenceOverTheBudgetIsCutAtWords() {
    String text = "word ".repeat(500).strip() + ".";
    List<Chunk> chunks = new Chunker(ChunkingConfig.of(30, 5)).chunk(text);
    assertTrue(chunks.size() >= 17, "500 words at about 22 a chunk: " + chunks.size());
    for (Chunk ch : chunks) {
      assertTrue(ChunkingConfig.estimateTokens(ch.text()) <= 30);
      assertTrue(ch.text().startsWith("word"));
    }
    assertTrue(new Chunker(ChunkingConfig.defaults()).chunk("  \n ").isEmpty());
  }

  @Test
  void badConfigNamesTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkingConfig.of(100, 100));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChunkingConfig.of(2, 0));
  }

  @Test
  void chunkIdsAreStablePerSourceAndIndex() {
    Document d = new Document("docs/a.txt", "A", sentences(40, 3), "h", List.of(new Document.Page(1, 0, 10)));
    ChunkedDocument one = ChunkedDocument.of(d, new Chunker(ChunkingConfig.of(50, 10)));
    ChunkedDocument two = ChunkedDocument.of(d, new Chunker(ChunkingConfig.of(50, 10)));
    assertEquals(one.parts().get(1).id(), two.parts().get(1).id());
    assertNotEquals(one.parts().get(0).id(), one.parts().get(1).id());
    assertNotEquals(ChunkedDocument.chunkId("docs/a.txt", 0), ChunkedDocument.chunkId("docs/b.txt", 0));
    var p = one.parts().get(1).payload();
    assertEquals("docs/a.txt", p.get("source").asText());
    assertEquals(1, p.get("chunk").asInt());
    assertEquals(one.parts().size(), p.get("chunks").asInt());
    assertEquals(d.text().substring(p.get("start").asInt(), p.get("end").asInt()), p.get("text").asText());
  }
}
