package dev.quiver.embed.word;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tokenizer word vectors are trained and looked up with: lower-cased runs of letters, digits and
 * apostrophes (so "Don't" is one token, "don't"); everything else separates tokens. Leading and
 * trailing apostrophes are dropped ('quoted' → quoted). Stateless and thread-safe.
 */
public final class WordTokenizer {

  /** Tokens longer than this are cut (word2vec's MAX_STRING is 100). */
  public static final int MAX_TOKEN_LENGTH = 100;

  private WordTokenizer() {}

  /** The tokens of {@code text}, in order. */
  public static List<String> tokenize(CharSequence text) {
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      accept(text.charAt(i), token, out::add);
    }
    flush(token, out::add);
    return out;
  }

  /**
   * Streams the tokens of {@code reader} line by line: {@code onToken} gets each token and
   * {@code onLineEnd} runs after each line (sentence boundary for training). Never holds more than
   * one token in memory.
   */
  public static void stream(Reader reader, Consumer<String> onToken, Runnable onLineEnd) throws IOException {
    char[] buf = new char[1 << 16];
    StringBuilder token = new StringBuilder();
    int n;
    while ((n = reader.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
          flush(token, onToken);
          onLineEnd.run();
        } else {
          accept(c, token, onToken);
        }
      }
    }
    flush(token, onToken);
    onLineEnd.run();
  }

  private static void accept(char c, StringBuilder token, Consumer<String> out) {
    if (Character.isLetterOrDigit(c)) {
      if (token.length() < MAX_TOKEN_LENGTH) {
        token.append(Character.toLowerCase(c));
      }
    } else if ((c == '\'' || c == '\u2019') && token.length() > 0 && token.length() < MAX_TOKEN_LENGTH) {
      token.append('\''); // may be dropped by flush if nothing follows
    } else {
      flush(token, out);
    }
  }

  private static void flush(StringBuilder token, Consumer<String> out) {
    int len = token.length();
    while (len > 0 && token.charAt(len - 1) == '\'') {
      len--;
    }
    if (len > 0) {
      out.accept(token.substring(0, len));
    }
    token.setLength(0);
  }
}
