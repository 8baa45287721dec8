package dev.quiver.embed.word;

/** File formats of word vectors. */
public enum WordVectorsFormat {
  /**
   * word2vec {@code -binary 1}: an ASCII header line {@code "<words> <dimension>\n"}, then per word
   * its UTF-8 bytes, a space, {@code dimension} little-endian IEEE-754 floats and (usually) a newline.
   */
  WORD2VEC_BINARY,
  /** word2vec {@code -binary 0}: the same header line, then {@code "word c1 c2 ... cD"} per line. */
  WORD2VEC_TEXT,
  /** GloVe: {@code "word c1 c2 ... cD"} per line, no header; the dimension comes from the first line. */
  GLOVE_TEXT
}
