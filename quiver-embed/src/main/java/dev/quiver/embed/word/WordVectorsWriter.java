package dev.quiver.embed.word;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link WordVectors} in the word2vec binary and text formats and the GloVe text format.
 * Text formats print each component with {@link Float#toString(float)}, the shortest decimal that
 * reads back to the same float, so text round trips are exact too. A file name ending in {@code .gz}
 * is gzip-compressed.
 */
public final class WordVectorsWriter {

  private WordVectorsWriter() {}

  public static void write(WordVectors vectors, Path file, WordVectorsFormat format) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      raw = new java.util.zip.GZIPOutputStream(raw, 1 << 16);
    }
    try (OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
      write(vectors, out, format);
    }
  }

  /** Writes to {@code out} (not closed). */
  public static void write(WordVectors vectors, OutputStream out, WordVectorsFormat format) throws IOException {
    int dim = vectors.dimension();
    if (format != WordVectorsFormat.GLOVE_TEXT) {
      out.write((vectors.size() + " " + dim + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    ByteBuffer floats = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder line = new StringBuilder();
    for (int id = 0; id < vectors.size(); id++) {
      String word = vectors.word(id);
      checkWord(word, id);
      if (format == WordVectorsFormat.WORD2VEC_BINARY) {
        out.write(word.getBytes(StandardCharsets.UTF_8));
        out.write(' ');
        floats.clear();
        for (int i = 0; i < dim; i++) {
          floats.putFloat(vectors.component(id, i));
        }
        out.write(floats.array(), 0, dim * Float.BYTES);
        out.write('\n');
      } else {
        line.setLength(0);
        line.append(word);
        for (int i = 0; i < dim; i++) {
          line.append(' ').append(vectors.component(id, i));
        }
        line.append('\n');
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void checkWord(String word, int id) {
    if (word.isEmpty()) {
      throw new IllegalArgumentException("word " + id + " is empty; the file formats cannot represent it");
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.isWhitespace(word.charAt(i))) {
        throw new IllegalArgumentException("word " + id + " '" + word
            + "' contains whitespace; the file formats separate words by whitespace");
      }
    }
  }
}
