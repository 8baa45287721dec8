package dev.quiver.embed.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts text into chunks of whole sentences up to a token budget, each starting with the previous
 * chunk's last sentences worth at most {@code overlapTokens} (or its last sentence alone when that is
 * longer but under half the budget). A sentence over the budget on its own is
 * cut at word boundaries. Chunks are spans of the original text, so their positions map back.
 * Thread-safe.
 */
public final class Chunker {

  /** Abbreviations after which a period does not end a sentence. */
  private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "etc.", "vs.", "cf.", "mr.",
      "mrs.", "ms.", "dr.", "prof.", "st.", "fig.", "no.", "vol.", "approx.", "inc.", "ltd.", "jr.", "sr.",
      "al.", "p.", "pp.", "ch.", "sec.", "eq.");

  private final ChunkingConfig config;

  public Chunker(ChunkingConfig config) {
    this.config = config;
  }

  public ChunkingConfig config() {
    return config;
  }

  /** The chunks of {@code text}, in order; none for blank text. */
  public List<Chunk> chunk(String text) {
    List<int[]> pieces = new ArrayList<>(); // [start, end, tokens]
    for (int[] s : sentences(text)) {
      int tokens = config.tokenCounter().applyAsInt(text.substring(s[0], s[1]));
      if (tokens <= config.maxTokens()) {
        pieces.add(new int[] {s[0], s[1], tokens});
      } else {
        splitLong(text, s[0], s[1], pieces);
      }
    }
    List<Chunk> out = new ArrayList<>();
    int first = 0;
    while (first < pieces.size()) {
      int last = first;
      int tokens = pieces.get(first)[2];
      while (last + 1 < pieces.size() && tokens + pieces.get(last + 1)[2] <= config.maxTokens()) {
        last++;
        tokens += pieces.get(last)[2];
      }
      int start = pieces.get(first)[0];
      int end = pieces.get(last)[1];
      out.add(new Chunk(out.size(), text.substring(start, end), start, end));
      if (last + 1 >= pieces.size()) {
        break;
      }
      // The next chunk repeats trailing sentences worth at most overlapTokens, and always moves on.
      int next = last + 1;
      int overlap = 0;
      while (next - 1 > first && overlap + pieces.get(next - 1)[2] <= config.overlapTokens()) {
        next--;
        overlap += pieces.get(next)[2];
      }
      // A last sentence longer than the overlap is still repeated when it is short next to the
      // budget: sentence-level overlap would otherwise vanish for long sentences.
      if (next == last + 1 && config.overlapTokens() > 0 && last > first
          && pieces.get(last)[2] <= config.maxTokens() / 2) {
        next = last;
      }
      first = next;
    }
    return out;
  }

  /** Sentence spans [start, end) with surrounding whitespace trimmed. */
  List<int[]> sentences(String text) {
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    it.setText(text);
    List<int[]> raw = new ArrayList<>();
    for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
      raw.add(new int[] {s, e});
    }
    List<int[]> out = new ArrayList<>();
    int[] pending = null;
    for (int[] r : raw) {
      if (pending == null) {
        pending = r;
      } else {
        pending[1] = r[1];
      }
      if (!endsWithAbbreviation(text, pending[0], pending[1])) {
        addTrimmed(text, pending, out);
        pending = null;
      }
    }
    if (pending != null) {
      addTrimmed(text, pending, out);
    }
    return out;
  }

  private static boolean endsWithAbbreviation(String text, int start, int end) {
    int e = end;
    while (e > start && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e == start || text.charAt(e - 1) != '.' || end >= text.length()) {
      return false;
    }
    // a paragraph break always ends the sentence
    if (text.substring(e, end).contains("\n\n")) {
      return false;
    }
    int w = e - 1;
    while (w > start && !Character.isWhitespace(text.charAt(w - 1)) && text.charAt(w - 1) != '(') {
      w--;
    }
    String word = text.substring(w, e).toLowerCase(Locale.ROOT);
    return ABBREVIATIONS.contains(word) || word.matches("(\\p{L}\\.){2,}") || word.matches("\\p{Lu}\\.");
  }

  private static void addTrimmed(String text, int[] span, List<int[]> out) {
    int s = span[0];
    int e = span[1];
    while (s < e && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (e > s) {
      out.add(new int[] {s, e});
    }
  }

  /** Cuts an over-long sentence into word-boundary pieces within the budget. */
  private void splitLong(String text, int start, int end, List<int[]> pieces) {
    int pieceStart = start;
    int lastFit = -1; // end of the last word that still fit
    int i = start;
    while (i < end) {
      while (i < end && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int wordEnd = i;
      while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) {
        wordEnd++;
      }
      if (wordEnd == i) {
        break;
      }
      int tokens = config.tokenCounter().applyAsInt(text.substring(pieceStart, wordEnd));
      if (tokens > config.maxTokens() && lastFit > pieceStart) {
        pieces.add(new int[] {pieceStart, lastFit,
            config.tokenCounter().applyAsInt(text.substring(pieceStart, lastFit))});
        pieceStart = i;
      }
      lastFit = wordEnd;
      i = wordEnd;
    }
    if (lastFit > pieceStart) {
      pieces.add(new int[] {pieceStart, lastFit,
          Math.min(config.maxTokens(), config.tokenCounter().applyAsInt(text.substring(pieceStart, lastFit)))});
    }
  }
}
