package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {

  @Test
  void lowercasesAndKeepsLettersDigitsApostrophes() throws Exception {
    assertEquals(List.of("don't", "stop", "at", "3", "14", "it's", "quoted", "naïve"),
        WordTokenizer.tokenize("Don't STOP at 3.14 -- it’s 'quoted', Naïve!"));
    List<String> streamed = new ArrayList<>();
    WordTokenizer.stream(new StringReader("a b\nc"), streamed::add, () -> streamed.add("|"));
    assertEquals(List.of("a", "b", "|", "c", "|"), streamed);
  }
}
