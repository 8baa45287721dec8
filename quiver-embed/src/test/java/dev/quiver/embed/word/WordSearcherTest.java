package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.index.HnswConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordSearcherTest {

  /** Gender and royalty as two axes, plus a fruit off to the side. */
  static WordVectors royals() {
    List<String> words = List.of("king", "queen", "man", "woman", "prince", "princess", "apple");
    float[] v = {
        1, 1, 0, 0.1f,    // king: royal, male
        1, -1, 0, 0.1f,   // queen: royal, female
        0, 1, 0, 0.1f,    // man
        0, -1, 0, 0.1f,   // woman
        0.8f, 0.9f, 0.3f, 0, // prince
        0.8f, -0.9f, 0.3f, 0, // princess
        0, 0, 1, 1};      // apple
    return new WordVectors(words, v, 4, null);
  }

  @Test
  void nearestExcludesTheWordAndRanksByCosine() {
    WordSearcher s = WordSearcher.exact(royals());
    List<WordHit> hits = s.nearest("king", 3);
    assertEquals("prince", hits.get(0).word());
    assertTrue(hits.stream().noneMatch(h -> h.word().equals("king")));
    assertTrue(hits.get(0).score() >= hits.get(1).score() && hits.get(1).score() >= hits.get(2).score());
    assertEquals(6, s.nearest("king", 100).size(), "all other words, no more");
    assertThrows(IllegalArgumentException.class, () -> s.nearest("emperor", 3));
    WordSearcher top4 = WordSearcher.exact(royals(), 4);
    assertTrue(Set.of("king", "queen", "man", "woman").containsAll(
        top4.nearest("prince", 3).stream().map(WordHit::word).toList()), "answers only among the first 4 words");
    assertEquals(3, top4.nearest("king", 10).size());
  }

  @Test
  void analogyFindsTheFourthWordOnHnswAndFlat() {
    for (WordSearcher s : List.of(WordSearcher.exact(royals()),
        WordSearcher.hnsw(royals(), HnswConfig.defaults(), 1))) {
      assertEquals("queen", s.analogy("king", "man", "woman", 1).get(0).word());
      assertEquals("princess", s.analogy("prince", "king", "queen", 1).get(0).word());
      assertTrue(s.analogy("king", "man", "woman", 10).stream()
          .noneMatch(h -> Set.of("king", "man", "woman").contains(h.word())));
    }
  }

  @Test
  void hnswAgreesWithExactOnALargerVocabulary() {
    WordVectors v = WordVectorsIoTest.random(3000, 24, 5);
    WordSearcher flat = WordSearcher.exact(v);
    WordSearcher hnsw = WordSearcher.hnsw(v, HnswConfig.defaults(), 2);
    int agree = 0;
    int total = 0;
    for (int id = 0; id < 200; id++) {
      List<String> a = flat.nearest(v.word(id), 10).stream().map(WordHit::word).toList();
      List<String> b = hnsw.nearest(v.word(id), 10).stream().map(WordHit::word).toList();
      agree += (int) b.stream().filter(a::contains).count();
      total += 10;
    }
    assertTrue(agree >= total * 0.9, "recall@10 " + agree / (double) total);
  }
}
