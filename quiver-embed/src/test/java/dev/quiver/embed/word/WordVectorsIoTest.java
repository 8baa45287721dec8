package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVectorsIoTest {

  @TempDir Path dir;

  static WordVectors random(int n, int dim, long seed) {
    Random r = new Random(seed);
    List<String> words = new ArrayList<>();
    float[] v = new float[n * dim];
    for (int i = 0; i < n; i++) {
      words.add(i == 1 ? "naïve" : i == 2 ? "don't" : "w" + i);
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian() * (i % 7 == 0 ? 1e-6f : 1f);
    }
    v[3] = Float.MIN_VALUE; // awkward values survive too
    v[4] = -0f;
    return new WordVectors(words, v, dim, null);
  }

  static void assertSame(WordVectors a, WordVectors b) {
    assertEquals(a.size(), b.size());
    assertEquals(a.dimension(), b.dimension());
    for (int id = 0; id < a.size(); id++) {
      assertEquals(a.word(id), b.word(id));
      assertArrayEquals(a.vector(id), b.vector(id), "vector of " + a.word(id));
    }
  }

  @Test
  void everyFormatRoundTripsExactlyAndIsDetected() throws Exception {
    WordVectors v = random(300, 37, 1);
    for (WordVectorsFormat f : WordVectorsFormat.values()) {
      Path file = dir.resolve("v." + f);
      v.save(file, f);
      assertEquals(f, WordVectorsReader.detect(file), "detected " + f);
      assertSame(v, WordVectors.load(file));
      assertSame(v, WordVectorsReader.read(file, f));
    }
  }

  @Test
  void gzippedFilesAreReadAndWritten() throws Exception {
    WordVectors v = random(50, 10, 3);
    for (WordVectorsFormat f : WordVectorsFormat.values()) {
      Path file = dir.resolve("v-" + f + ".gz");
      v.save(file, f);
      assertEquals(f, WordVectorsReader.detect(file));
      assertSame(v, WordVectors.load(file));
    }
    byte[] gz = Files.readAllBytes(dir.resolve("v-" + WordVectorsFormat.WORD2VEC_BINARY + ".gz"));
    Path cut = Files.write(dir.resolve("cut.bin.gz"), Arrays.copyOf(gz, gz.length / 2));
    String m = assertThrows(CorruptWordVectorsException.class, () -> WordVectorsReader.read(cut,
        WordVectorsFormat.WORD2VEC_BINARY)).getMessage();
    assertTrue(m.contains("cut.bin.gz") && (m.contains("truncated")), m);
    Path fake = Files.writeString(dir.resolve("plain.txt.gz"), "a 1 2\n");
    CorruptWordVectorsException e = assertThrows(CorruptWordVectorsException.class, () -> WordVectors.load(fake));
    assertTrue(e.getMessage().contains("gzip") && e.getMessage().contains("plain.txt.gz"), e.getMessage());
  }

  @Test
  void readsFilesAsOtherToolsWriteThem() throws Exception {
    // word2vec.c text output: trailing spaces, %lf precision; GloVe: no header.
    Path w2v = Files.writeString(dir.resolve("a.txt"), "2 3\n</s> 0.001 -0.002 0.003 \nking 0.5 1.25 -2.0 \n");
    WordVectors a = WordVectors.load(w2v);
    assertEquals(List.of("</s>", "king"), a.words());
    assertArrayEquals(new float[] {0.5f, 1.25f, -2f}, a.vector("king"));
    Path glove = Files.writeString(dir.resolve("g.txt"), "the 0.1 0.2\n, 0.3 0.4\n\n");
    WordVectors g = WordVectors.load(glove);
    assertEquals(WordVectorsFormat.GLOVE_TEXT, WordVectorsReader.detect(glove));
    assertEquals(2, g.dimension());
    assertEquals(1, g.id(","));
    // binary without the newline after each vector (some writers omit it)
    ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
    b.put("2 2\n".getBytes(StandardCharsets.US_ASCII));
    b.put("x ".getBytes(StandardCharsets.US_ASCII)).putFloat(1f).putFloat(2f);
    b.put("y ".getBytes(StandardCharsets.US_ASCII)).putFloat(3f).putFloat(4f);
    Path bin = dir.resolve("b.bin");
    Files.write(bin, Arrays.copyOf(b.array(), b.position()));
    WordVectors c = WordVectors.load(bin);
    assertArrayEquals(new float[] {3f, 4f}, c.vector("y"));
  }

  @Test
  void duplicatesKeepTheFirstVector() throws Exception {
    Path f = Files.writeString(dir.resolve("d.txt"), "3 2\na 1 1\nb 2 2\na 3 3\n");
    WordVectors v = WordVectors.load(f);
    assertEquals(List.of("a", "b"), v.words());
    assertArrayEquals(new float[] {1, 1}, v.vector("a"));
  }

  private String error(String name, byte[] content) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, content);
    CorruptWordVectorsException e = assertThrows(CorruptWordVectorsException.class, () -> WordVectors.load(f));
    assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
    return e.getMessage();
  }

  private String error(String name, String content) throws Exception {
    return error(name, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void malformedTextFilesSayWhereAndWhat() throws Exception {
    String m = error("short.txt", "2 3\na 1 2 3\nb 1 2\n");
    assertTrue(m.contains("line 3") && m.contains("3 components, found 2"), m);
    m = error("glove.txt", "a 1 2 3\nb 1 2 3 4\n");
    assertTrue(m.contains("line 2") && m.contains("3 components, found 4"), m);
    m = error("nan.txt", "a 1 x 3\n");
    assertTrue(m.contains("line 1") && m.contains("'x'") && m.contains("number"), m);
    m = error("trunc.txt", "3 2\na 1 2\nb 1 2\n");
    assertTrue(m.contains("announces 3 words") && m.contains("truncated"), m);
    m = error("more.txt", "1 2\na 1 2\nb 1 2\n");
    assertTrue(m.contains("line 3") && m.contains("more lines"), m);
    m = error("huge.bin", "0 999999999\n");
    assertTrue(m.contains("line 1") && m.contains("999999999"), m);
    m = error("zero.txt", "5 0\n");
    assertTrue(m.contains("line 1") && m.contains("header"), m);
    m = error("empty.txt", "");
    assertTrue(m.contains("no vectors"), m);
  }

  @Test
  void malformedBinaryFilesSayTheOffset() throws Exception {
    WordVectors v = random(20, 8, 2);
    Path good = dir.resolve("good.bin");
    v.save(good, WordVectorsFormat.WORD2VEC_BINARY);
    byte[] bytes = Files.readAllBytes(good);
    // cut inside the 11th vector
    int recordLen = bytes.length / 20; // approx; any cut inside the data works
    String m = error("cut.bin", Arrays.copyOf(bytes, bytes.length - recordLen - 5));
    assertTrue(m.contains("truncated at byte") && m.contains("needs 32 bytes"), m);
    // cut right after a whole record
    m = error("cut2.bin", Arrays.copyOf(bytes, bytes.length - (2 + 1 + 32 + 1) * 2 + 1));
    assertTrue(m.contains("truncated") && m.contains("announces 20 words"), m);
    // a header that understates the dimension: the rest of the vector is read as the next word
    byte[] wrongDim = bytes.clone();
    wrongDim[3] = '4'; // "20 8" -> "20 4"
    m = error("dim.bin", wrongDim);
    assertTrue(m.contains("byte"), m);
    m = error("hdr.bin", "twenty eight\n\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(m.contains("line 1"), m);
  }
}
