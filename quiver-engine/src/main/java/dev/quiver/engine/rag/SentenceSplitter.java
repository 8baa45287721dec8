package dev.quiver.engine.rag;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits text into sentences with {@link BreakIterator}, also breaking at blank lines and headings. */
public final class SentenceSplitter {

  private SentenceSplitter() {}

  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String block : text.split("\\n\\s*\\n|\\n(?=#)")) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
      it.setText(block);
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String s = block.substring(start, end).replaceAll("\\s+", " ").strip();
        if (s.chars().filter(Character::isLetterOrDigit).count() >= 3) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
