package dev.quiver.embed.word;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads word vectors in the formats of {@link WordVectorsFormat}, streaming: a file is never held
 * whole in memory, only the vectors it decodes to.
 *
 * <p>A file whose name ends in {@code .gz} is gunzipped on the fly (offsets in messages are then
 * offsets in the uncompressed data).
 *
 * <p>Detection ({@link #detect}): a first line of exactly two integers is a word2vec header; then the
 * bytes after the first word tell text (only characters of decimal numbers) from binary. Without
 * such a header the file is GloVe text.
 *
 * <p>A word that occurs twice keeps its first vector; later duplicates are skipped (some published
 * files have a few). Malformed input throws {@link CorruptWordVectorsException} naming the file, the
 * line (text) or byte offset (binary) and what was expected there.
 */
public final class WordVectorsReader {

  /** A binary-format word longer than this many bytes means the file is not what it claims to be. */
  private static final int MAX_WORD_BYTES = 4096;
  /** Headers announcing more dimensions than this are taken for corruption. */
  static final int MAX_DIMENSION = 100_000;

  private WordVectorsReader() {}

  /** Reads {@code file}, detecting its format. */
  public static WordVectors read(Path file) throws IOException {
    return read(file, detect(file));
  }

  public static WordVectors read(Path file, WordVectorsFormat format) throws IOException {
    try {
      return switch (format) {
        case WORD2VEC_BINARY -> readBinary(file);
        case WORD2VEC_TEXT, GLOVE_TEXT -> readText(file, format);
      };
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new CorruptWordVectorsException(file + ": corrupt or truncated compressed data: " + e.getMessage(), e);
    }
  }

  /** The format of {@code file}, from its first bytes. */
  public static WordVectorsFormat detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = open(file)) {
      head = in.readNBytes(1 << 16);
    }
    int nl = indexOf(head, (byte) '\n', 0);
    String first = new String(head, 0, nl < 0 ? head.length : nl, StandardCharsets.UTF_8).strip();
    int[] header = parseHeader(first);
    if (header == null) {
      return WordVectorsFormat.GLOVE_TEXT;
    }
    if (nl < 0) {
      return WordVectorsFormat.WORD2VEC_TEXT; // a header and nothing else: either reads as empty
    }
    int p = nl + 1;
    while (p < head.length && isSpace(head[p])) {
      p++;
    }
    while (p < head.length && head[p] != ' ' && head[p] != '\t') {
      p++;
    }
    // Text: the rest of the first record's line is decimal numbers, at least `dimension` characters
    // of them (a line with a wrong count still reads as text and fails with a clear message).
    // Random float bytes practically never look like that.
    int lineEnd = indexOf(head, (byte) '\n', p);
    String rest = new String(head, Math.min(p, head.length), (lineEnd < 0 ? head.length : lineEnd)
        - Math.min(p, head.length), StandardCharsets.ISO_8859_1).strip();
    if (rest.isEmpty() || !rest.matches("[0-9.eE+\\-NaInfity \t\r]+")
        || rest.length() < Math.min(header[1], 2 * header[1] - 1)) {
      return WordVectorsFormat.WORD2VEC_BINARY;
    }
    return WordVectorsFormat.WORD2VEC_TEXT;
  }

  /** {@code [words, dimension]} from a word2vec header line, or null when the line is not one. */
  private static int[] parseHeader(String line) {
    String[] parts = line.split("\\s+");
    if (parts.length != 2 || !parts[0].matches("\\d{1,10}") || !parts[1].matches("\\d{1,10}")) {
      return null;
    }
    long words = Long.parseLong(parts[0]);
    long dim = Long.parseLong(parts[1]);
    return words > Integer.MAX_VALUE || dim > Integer.MAX_VALUE ? new int[] {-1, -1}
        : new int[] {(int) words, (int) dim};
  }

  private static void checkHeader(Path file, String line, int[] header) throws CorruptWordVectorsException {
    if (header == null || header[1] <= 0 || header[1] > MAX_DIMENSION || header[0] < 0) {
      throw new CorruptWordVectorsException(file + ": line 1: expected a header '<words> <dimension>' with a"
          + " dimension in [1, " + MAX_DIMENSION + "], found '" + abbreviate(line) + "'");
    }
    if ((long) header[0] * header[1] > Integer.MAX_VALUE - 16) {
      throw new CorruptWordVectorsException(file + ": line 1: " + header[0] + " words × " + header[1]
          + " dimensions exceed one Java array (2^31 floats)");
    }
  }

  // ---------------------------------------------------------------- text

  private static WordVectors readText(Path file, WordVectorsFormat format) throws IOException {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16)) {
      long lineNo = 0;
      int expectedWords = -1;
      int dim = -1;
      String line;
      if (format == WordVectorsFormat.WORD2VEC_TEXT) {
        line = in.readLine();
        lineNo = 1;
        if (line == null) {
          throw new CorruptWordVectorsException(file + ": empty file; expected a header '<words> <dimension>'");
        }
        int[] header = parseHeader(line.strip());
        checkHeader(file, line, header);
        expectedWords = header[0];
        dim = header[1];
      }
      List<String> words = new ArrayList<>(Math.max(16, expectedWords));
      Set<String> seen = new HashSet<>();
      float[] vectors = new float[expectedWords > 0 ? expectedWords * dim : 1024];
      String[] tokens = new String[16];
      int records = 0; // vector lines, duplicates included
      while ((line = in.readLine()) != null) {
        lineNo++;
        int n = split(line, tokens);
        if (n == 0) {
          continue; // blank line
        }
        if (n > tokens.length) {
          tokens = new String[n * 2];
          split(line, tokens);
        }
        if (dim < 0) {
          if (n < 2) {
            throw new CorruptWordVectorsException(file + ": line " + lineNo
                + ": expected a word followed by its vector components, found '" + abbreviate(line) + "'");
          }
          dim = n - 1;
        }
        if (n != dim + 1) {
          throw new CorruptWordVectorsException(file + ": line " + lineNo + ": expected a word and " + dim
              + " components, found " + (n - 1) + " components");
        }
        String word = tokens[0];
        if (expectedWords >= 0 && records >= expectedWords) {
          throw new CorruptWordVectorsException(file + ": line " + lineNo + ": the header announces "
              + expectedWords + " words but more lines follow");
        }
        records++;
        if (!seen.add(word)) {
          continue;
        }
        int base = words.size() * dim;
        if (base + dim > vectors.length) {
          long grown = Math.max((long) vectors.length * 2, base + dim);
          if (grown > Integer.MAX_VALUE - 16) {
            throw new CorruptWordVectorsException(file + ": line " + lineNo
                + ": more vectors than fit one Java array (2^31 floats)");
          }
          vectors = Arrays.copyOf(vectors, (int) grown);
        }
        for (int i = 0; i < dim; i++) {
          try {
            vectors[base + i] = Float.parseFloat(tokens[i + 1]);
          } catch (NumberFormatException e) {
            throw new CorruptWordVectorsException(file + ": line " + lineNo + ": component " + (i + 1)
                + " of '" + abbreviate(word) + "' is '" + abbreviate(tokens[i + 1]) + "', expected a number");
          }
        }
        words.add(word);
      }
      if (expectedWords >= 0 && records < expectedWords) {
        throw new CorruptWordVectorsException(file + ": line " + lineNo + ": the header announces "
            + expectedWords + " words but the file ends after " + records + " (truncated?)");
      }
      if (dim < 0) {
        throw new CorruptWordVectorsException(file + ": no vectors; expected lines 'word c1 c2 ...'");
      }
      return new WordVectors(words, words.size() * dim == vectors.length ? vectors
          : Arrays.copyOf(vectors, words.size() * dim), dim, null);
    }
  }

  /**
   * Splits on spaces and tabs into {@code tokens}; returns the token count, which may exceed the
   * array (then only the first tokens.length are stored: the caller grows the array and retries).
   */
  private static int split(String line, String[] tokens) {
    int n = 0;
    int i = 0;
    int len = line.length();
    while (true) {
      while (i < len && isSpace(line.charAt(i))) {
        i++;
      }
      if (i >= len) {
        return n;
      }
      int s = i;
      while (i < len && !isSpace(line.charAt(i))) {
        i++;
      }
      if (n < tokens.length) {
        tokens[n] = line.substring(s, i);
      }
      n++;
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f';
  }

  // ---------------------------------------------------------------- binary

  private static WordVectors readBinary(Path file) throws IOException {
    try (CountingInput in = new CountingInput(open(file))) {
      String line = in.readLine();
      if (line == null) {
        throw new CorruptWordVectorsException(file + ": empty file; expected a header '<words> <dimension>'");
      }
      int[] header = parseHeader(line.strip());
      checkHeader(file, line, header);
      int count = header[0];
      int dim = header[1];
      float[] vectors = new float[count * dim];
      List<String> words = new ArrayList<>(count);
      Set<String> seen = new HashSet<>();
      byte[] raw = new byte[dim * Float.BYTES];
      ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      byte[] wordBuf = new byte[64];
      for (int w = 0; w < count; w++) {
        int b;
        do {
          b = in.read();
        } while (b == '\n' || b == '\r' || b == ' ' || b == '\t');
        long wordStart = in.position() - 1;
        int len = 0;
        while (b != ' ' && b != '\t') {
          if (b < 0) {
            throw new CorruptWordVectorsException(file + ": truncated at byte " + in.position() + ": the header"
                + " announces " + count + " words but the file ends " + (len == 0 ? "after " + w
                : "inside word " + (w + 1)));
          }
          if (len == MAX_WORD_BYTES) {
            throw new CorruptWordVectorsException(file + ": byte " + wordStart + ": word " + (w + 1)
                + " runs over " + MAX_WORD_BYTES + " bytes without the space that ends it; expected word2vec"
                + " binary (is the header's dimension " + dim + " right?)");
          }
          if (len == wordBuf.length) {
            wordBuf = Arrays.copyOf(wordBuf, len * 2);
          }
          wordBuf[len++] = (byte) b;
          b = in.read();
        }
        String word = new String(wordBuf, 0, len, StandardCharsets.UTF_8);
        long vectorStart = in.position();
        int got = in.readFully(raw);
        if (got < raw.length) {
          throw new CorruptWordVectorsException(file + ": truncated at byte " + in.position() + ": word " + (w + 1)
              + " '" + abbreviate(word) + "' needs " + raw.length + " bytes of vector from byte " + vectorStart
              + ", only " + got + " remain");
        }
        if (!seen.add(word)) {
          continue;
        }
        int base = words.size() * dim;
        bytes.clear();
        for (int i = 0; i < dim; i++) {
          vectors[base + i] = bytes.getFloat();
        }
        words.add(word);
      }
      int b;
      do {
        b = in.read();
      } while (b == '\n' || b == '\r' || b == ' ' || b == '\t');
      if (b >= 0) {
        throw new CorruptWordVectorsException(file + ": byte " + (in.position() - 1) + ": the header announces "
            + count + " words of dimension " + dim + " but more data follows (wrong header?)");
      }
      return new WordVectors(words, words.size() == count ? vectors : Arrays.copyOf(vectors, words.size() * dim),
          dim, null);
    }
  }

  /** A buffered byte stream that knows its position; the binary reader's only input. */
  private static final class CountingInput implements AutoCloseable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long consumedBefore; // bytes of the stream before buf[0]

    CountingInput(InputStream in) {
      this.in = in;
    }

    long position() {
      return consumedBefore + pos;
    }

    int read() throws IOException {
      if (pos == limit && !fill()) {
        return -1;
      }
      return buf[pos++] & 0xff;
    }

    /** Reads up to dst.length bytes; fewer only at the end of the stream. */
    int readFully(byte[] dst) throws IOException {
      int n = 0;
      while (n < dst.length) {
        if (pos == limit && !fill()) {
          break;
        }
        int c = Math.min(dst.length - n, limit - pos);
        System.arraycopy(buf, pos, dst, n, c);
        pos += c;
        n += c;
      }
      return n;
    }

    /** The next line (ASCII), without its newline; null at the end. Lines over 1000 bytes are cut. */
    String readLine() throws IOException {
      StringBuilder sb = new StringBuilder();
      int b = read();
      if (b < 0) {
        return null;
      }
      while (b >= 0 && b != '\n') {
        if (sb.length() < 1000) {
          sb.append((char) b);
        }
        b = read();
      }
      return sb.toString();
    }

    private boolean fill() throws IOException {
      consumedBefore += limit;
      pos = 0;
      limit = 0;
      int n = in.read(buf);
      if (n <= 0) {
        return false;
      }
      limit = n;
      return true;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  // ---------------------------------------------------------------- shared

  /** The file's bytes, gunzipped when its name ends in .gz (as published vector files often are). */
  static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
      try {
        return new java.util.zip.GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        in.close();
        throw new CorruptWordVectorsException(file + ": byte 0: expected gzip data (the name ends in .gz): "
            + e.getMessage(), e);
      }
    }
    return in;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
