package dev.quiver.engine.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Turns text into index terms, the same way for documents and queries.
 *
 * <p>Words go through Lucene's English chain: {@link StandardTokenizer} (Unicode word breaks),
 * English possessive removal, lower-casing, English stop words (optional) and the Porter stemmer
 * (optional), so "Running shoes" and "run shoe" share their terms.
 *
 * <p>Identifiers: the word breaker splits {@code SKU-4471-B} into {@code sku}, {@code 4471},
 * {@code b}, and a query for the code would then also match every document holding a 4471
 * somewhere. So each whitespace-separated chunk that still contains punctuation inside it once its
 * leading and trailing punctuation is trimmed ({@code SKU-4471-B}, {@code QX-9}, {@code v1.2.3},
 * {@code o'brien-smith}) is also emitted whole, lower-cased and unstemmed. Such a term is rare,
 * so its inverse document frequency makes a document holding the exact code outrank documents
 * that merely share its parts. Letters-and-digits words ({@code QX9}) are one token already.
 *
 * <p>Thread-safe: Lucene analyzers keep per-thread token streams.
 */
public final class TextAnalyzer {

  /** The analysis text payload indexes use: stop words removed, Porter-stemmed, identifiers kept. */
  public static final TextAnalyzer ENGLISH = new TextAnalyzer(true, true, true);

  /** Longer terms are cut (the word breaker's own limit, and a bound on dictionary size). */
  static final int MAX_TERM_LENGTH = 255;

  private final boolean identifiers;
  private final Analyzer analyzer;

  /**
   * @param stopWords drop English stop words ("the", "of", ...)
   * @param stem reduce words to their Porter stems
   * @param identifiers also emit punctuated chunks ({@code SKU-4471-B}) whole
   */
  public TextAnalyzer(boolean stopWords, boolean stem, boolean identifiers) {
    this.identifiers = identifiers;
    this.analyzer = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        source.setMaxTokenLength(MAX_TERM_LENGTH);
        TokenStream ts = new EnglishPossessiveFilter(source);
        ts = new LowerCaseFilter(ts);
        if (stopWords) {
          ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        }
        if (stem) {
          ts = new PorterStemFilter(ts);
        }
        return new TokenStreamComponents(source, ts);
      }
    };
  }

  /** The terms of {@code text}, in order, repeats kept (their count is the term frequency). */
  public List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    terms(text, out);
    return out;
  }

  /** Appends the terms of {@code text} to {@code out}. */
  public void terms(String text, List<String> out) {
    if (text == null || text.isEmpty()) {
      return;
    }
    try (TokenStream ts = analyzer.tokenStream("", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a string reader does not fail
    }
    if (identifiers) {
      identifiers(text, out);
    }
  }

  private static void identifiers(String text, List<String> out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int end = i;
      while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
        start++;
      }
      while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
        end--;
      }
      boolean inner = false;
      for (int j = start; j < end && !inner; j++) {
        char c = text.charAt(j);
        inner = !Character.isLetterOrDigit(c) && c != '\'' && c != '\u2019';
      }
      if (inner && end - start <= MAX_TERM_LENGTH) {
        out.add(text.substring(start, end).toLowerCase(Locale.ROOT));
      }
    }
  }
}
