package dev.quiver.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

  private final TextAnalyzer english = TextAnalyzer.ENGLISH;

  @Test
  void wordsAreLowerCasedStemmedAndStopWordsDropped() {
    assertEquals(List.of("run", "shoe", "ann", "garden"), english.terms("The Running shoes of Ann's garden"));
    assertEquals(english.terms("running shoe"), english.terms("RUNS shoes"));
  }

  @Test
  void punctuatedIdentifiersAreAlsoKeptWhole() {
    List<String> terms = english.terms("Order SKU-4471-B, shipped (QX-9).");
    assertTrue(terms.containsAll(List.of("sku", "4471", "b", "sku-4471-b", "qx", "9", "qx-9")), terms.toString());
    assertEquals(List.of("qx9"), english.terms("QX9"));
    // Trailing punctuation does not stick to the whole form; a plain word gets no extra term.
    assertTrue(english.terms("see v1.2.3.").contains("v1.2.3"));
    assertEquals(List.of("hello", "world"), english.terms("hello, world!"));
  }

  @Test
  void optionsTurnStagesOff() {
    TextAnalyzer plain = new TextAnalyzer(false, false, false);
    assertEquals(List.of("the", "running", "shoes", "sku", "4471", "b"), plain.terms("The running shoes SKU-4471-B"));
    assertEquals(List.of(), english.terms(""));
    assertEquals(List.of(), english.terms(null));
    assertEquals(List.of(), english.terms("the of and"));
  }
}
