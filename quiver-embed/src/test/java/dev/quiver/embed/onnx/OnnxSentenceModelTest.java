package dev.quiver.embed.onnx;

import static dev.quiver.embed.onnx.SharedModels.cosine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The engine on the real built-in models: tokens, semantics, batching, truncation, queries. */
class OnnxSentenceModelTest {

  @Test
  void describesTheDefaultModel() {
    OnnxSentenceModel m = SharedModels.minilm();
    assertEquals("all-MiniLM-L6-v2", m.name());
    assertEquals(384, m.dimension());
    assertTrue(m.normalized());
    assertTrue(m.version().startsWith("onnx-mean-"), m.version());
    assertEquals(384, SharedModels.bge().dimension());
    assertTrue(SharedModels.bge().version().startsWith("onnx-cls-"), SharedModels.bge().version());
    assertNotEquals(m.version(), SharedModels.bge().version());
  }

  /** Ids of the HuggingFace tokenizers reference (bert-base-uncased vocabulary) on awkward input. */
  @Test
  void tokenIdsMatchTheReferenceOnTrickyStrings() {
    OnnxSentenceModel m = SharedModels.minilm();
    // Accents stripped, lower-cased, punctuation split, CJK one token per character, WordPiece.
    assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 14477, 20961, 3468, 1746, 1861, 15743,
        102}, m.tokenIds("Héllo, WORLD! unaffable 中文 naïve"));
    assertArrayEquals(new long[] {101, 2123, 1005, 1056, 2644, 1517, 2009, 1005, 1055, 1017, 1012,
        15471, 28154, 1041, 1011, 5653, 1030, 5310, 1001, 6415, 102},
        m.tokenIds("Don't stop—it's 3.14159 e-mail @user #tag"));
    assertArrayEquals(new long[] {101, 29347, 3695, 2226, 8508, 2358, 27807, 102},
        m.tokenIds("ÅÉÎÕÜ façade Straße"));
    assertArrayEquals(new long[] {101, 102}, m.tokenIds(""));
    // An emoji is not in the vocabulary: [UNK] (100).
    long[] emoji = m.tokenIds("ok 😀");
    assertEquals(100L, emoji[emoji.length - 2]);
    // bge uses the same uncased vocabulary.
    assertArrayEquals(m.tokenIds("Héllo, WORLD! unaffable 中文 naïve"),
        SharedModels.bge().tokenIds("Héllo, WORLD! unaffable 中文 naïve"));
  }

  @Test
  void catIsCloserToPetsThanToVehicles() {
    OnnxSentenceModel m = SharedModels.minilm();
    List<float[]> v = m.embed(List.of("cat", "dog", "hamster", "car", "bike"));
    double dog = cosine(v.get(0), v.get(1));
    double hamster = cosine(v.get(0), v.get(2));
    double car = cosine(v.get(0), v.get(3));
    double bike = cosine(v.get(0), v.get(4));
    String all = "dog " + dog + ", hamster " + hamster + ", car " + car + ", bike " + bike;
    assertTrue(Math.min(dog, hamster) > Math.max(car, bike), all);
  }

  @Test
  void vectorsHaveUnitLength() {
    for (float[] v : SharedModels.bge().embed(List.of("one", "two words", ""))) {
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      assertEquals(1.0, Math.sqrt(n), 1e-5);
    }
  }

  /** Padding in a length-sorted batch must not change a text's vector. */
  @Test
  void batchedEqualsOneByOne() {
    List<String> texts = varied(new Random(7), 40);
    for (OnnxSentenceModel m : List.of(SharedModels.minilm(), SharedModels.bge())) {
      List<float[]> batched = m.embed(texts);
      assertEquals(texts.size(), batched.size());
      for (int i = 0; i < texts.size(); i++) {
        float[] single = m.embed(texts.get(i));
        double c = cosine(single, batched.get(i));
        assertTrue(c >= 0.9999, m.name() + " text " + i + " cosine " + c);
      }
    }
  }

  @Test
  void smallConcurrentBatchesGiveTheSameVectors() {
    OnnxSentenceModel small = BuiltinOnnxModel.ALL_MINILM_L6_V2.load(
        BuiltinOnnxModel.ALL_MINILM_L6_V2.defaultConfig().withBatchSize(3).withIntraOpThreads(1)
            .withConcurrentBatches(2));
    try {
      List<String> texts = varied(new Random(11), 25);
      List<float[]> a = small.embed(texts);
      List<float[]> b = SharedModels.minilm().embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertTrue(cosine(a.get(i), b.get(i)) >= 0.9999, "text " + i);
      }
      // Every call returns only after all of its batches are in (no helper still running).
      for (int call = 0; call < 15; call++) {
        for (float[] v : small.embed(texts.subList(0, 4 + call))) {
          assertEquals(384, v.length);
        }
      }
      assertEquals(SharedModels.minilm().version(), small.version(),
          "batch size and threads do not change the version");
    } finally {
      small.close();
    }
    assertThrows(IllegalStateException.class, () -> small.embed("after close"));
  }

  @Test
  void longTextIsTruncatedToMaxLength() {
    OnnxSentenceModel m = SharedModels.minilm();
    StringBuilder sb = new StringBuilder();
    Random r = new Random(3);
    while (sb.length() < 40_000) {
      sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
    }
    String longText = sb.toString();
    long[] ids = m.tokenIds(longText);
    assertEquals(256, ids.length, "MiniLM reads 256 word pieces, as in sentence-transformers");
    assertEquals(101L, ids[0]);
    assertEquals(102L, ids[255]);
    // Whatever follows the first 254 word pieces is cut off: same vector.
    List<float[]> v = m.embed(List.of(longText, longText + " completely different ending here",
        "short one"));
    assertTrue(cosine(v.get(0), v.get(1)) >= 0.9999);
    assertEquals(384, v.get(2).length);

    OnnxSentenceModel shortModel = BuiltinOnnxModel.ALL_MINILM_L6_V2.load(
        BuiltinOnnxModel.ALL_MINILM_L6_V2.defaultConfig().withMaxLength(16).withIntraOpThreads(1));
    try {
      long[] cut = shortModel.tokenIds(longText);
      assertEquals(16, cut.length);
      assertEquals(102L, cut[15]);
      assertArrayEquals(java.util.Arrays.copyOf(ids, 15), java.util.Arrays.copyOf(cut, 15));
      assertNotEquals(m.version(), shortModel.version(), "max length is part of the version");
    } finally {
      shortModel.close();
    }
  }

  @Test
  void bgeQueriesCarryTheInstruction() {
    OnnxSentenceModel bge = SharedModels.bge();
    String q = "how do cats sleep";
    float[] asQuery = bge.embedQuery(q);
    float[] withPrefix = bge.embed(
        "Represent this sentence for searching relevant passages: " + q);
    float[] plain = bge.embed(q);
    assertTrue(cosine(asQuery, withPrefix) >= 0.9999);
    assertTrue(cosine(asQuery, plain) < 0.9999);
    // MiniLM has no instruction: queries and documents embed the same way.
    assertTrue(cosine(SharedModels.minilm().embedQuery(q), SharedModels.minilm().embed(q)) >= 0.9999);
  }

  @Test
  void concurrentCallersGetTheirOwnVectors() throws Exception {
    OnnxSentenceModel m = SharedModels.minilm();
    List<String> texts = varied(new Random(5), 12);
    List<float[]> expected = m.embed(texts);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 3; t++) {
      int shift = t;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          List<String> mine = new ArrayList<>(texts);
          java.util.Collections.rotate(mine, shift);
          List<float[]> got = m.embed(mine);
          for (int i = 0; i < mine.size(); i++) {
            int src = Math.floorMod(i - shift, texts.size());
            if (cosine(got.get(i), expected.get(src)) < 0.9999) {
              failures.add(new AssertionError("thread " + shift + " text " + i));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void rejectsNullTexts() {
    List<String> withNull = new ArrayList<>();
    withNull.add("fine");
    withNull.add(null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SharedModels.minilm().embed(withNull));
    assertTrue(e.getMessage().contains("text 1"), e.getMessage());
    assertEquals(0, SharedModels.minilm().embed(List.of()).size());
  }

  static final String[] WORDS = ("the a river mountain quickly slowly bright dark engine music "
      + "garden theory ancient modern child teacher storm harbour bread silver glass window "
      + "library festival winter summer coffee market bridge island forest question answer "
      + "sings runs builds paints measures carries forgets remembers").split(" ");

  /** Deterministic texts from 1 to ~120 words, so batches mix short and long. */
  static List<String> varied(Random r, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int words = 1 + (i % 4 == 0 ? r.nextInt(120) : r.nextInt(15));
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      out.add(sb.append('.').toString());
    }
    return out;
  }
}
