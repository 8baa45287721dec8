package dev.quiver.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordNetTest {

  @Test
  void loadsAllSynsets() {
    List<WordNet.Synset> synsets = WordNet.load();
    assertEquals(117_659, synsets.size());
    WordNet.Synset dog = synsets.stream().filter(s -> s.id().equals("02084071-n")).findFirst().orElseThrow();
    assertEquals("n", dog.pos());
    assertEquals("noun.animal", dog.category());
    assertEquals(List.of("dog", "domestic dog", "Canis familiaris"), dog.words());
    assertTrue(dog.definition().startsWith("a member of the genus Canis"), dog.definition());
    assertEquals(List.of("the dog barked all night"), dog.examples());
    assertEquals(List.of("02083346-n", "01317541-n"), dog.hypernyms());

    long nouns = synsets.stream().filter(s -> s.pos().equals("n")).count();
    assertEquals(82_115, nouns);
    Set<String> ids = new HashSet<>();
    synsets.forEach(s -> ids.add(s.id()));
    for (WordNet.Synset s : synsets) {
      for (String h : s.hypernyms()) {
        assertTrue(ids.contains(h), s.id() + " has unknown hypernym " + h);
      }
    }
  }

  @Test
  void parsesEscapes() {
    WordNet.Synset s = WordNet.parse("{ \"id\":\"1-n\" , \"pos\": \"n\", \"category\": \"noun.x\", "
        + "\"words\": [\"caf\\u00e9\", \"a\\\\b\", \"\\ud83d\\ude00\"], "
        + "\"definition\": \"say \\\"hi\\\"\\n\\ttab \\/ slash\", \"examples\": [], \"hypernyms\": null}");
    assertEquals(List.of("café", "a\\b", "😀"), s.words());
    assertEquals("say \"hi\"\n\ttab / slash", s.definition());
    assertEquals(List.of(), s.examples());
    assertEquals(List.of(), s.hypernyms());
  }

  @Test
  void rejectsMalformedLines() {
    assertThrows(IllegalArgumentException.class, () -> WordNet.parse("{\"id\": \"x\""));
    assertThrows(IllegalArgumentException.class, () -> WordNet.parse("{\"id\": 5}"));
    assertThrows(IllegalArgumentException.class, () -> WordNet.parse("{\"id\": \"bad \\q escape\"}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WordNet.parse("{\"id\": \"x\", \"pos\": \"n\"}"));
    assertTrue(e.getMessage().contains("category"), e.getMessage());
  }
}
