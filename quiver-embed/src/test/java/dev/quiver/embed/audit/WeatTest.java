package dev.quiver.embed.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.EmbeddingModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Weat}: a hand-computed example, the bundled word lists, user files, and WEAT 1 on MiniLM. */
class WeatTest {

  static final float[] A = {1, 0};
  static final float[] B = {0, 1};
  static final float[] DIAG = {1, 1};

  /**
   * X = {(1,0), (1,1)}, Y = {(0,1), (1,1)}, A = {(1,0)}, B = {(0,1)}. s(w,A,B) = cos(w,a) - cos(w,b):
   * x1 = 1 - 0 = 1, x2 = y2 = 0.7071 - 0.7071 = 0, y1 = 0 - 1 = -1. Means: X 0.5, Y -0.5. Sample
   * std-dev of {1, 0, -1, 0}: sqrt(2 / 3) = 0.8165, so d = 1 / 0.8165 = sqrt(1.5) = 1.2247 (with the
   * population std-dev it would be sqrt(2) = 1.4142). Statistic s(X,Y) = (1 + 0) - (-1 + 0) = 2.
   * The 6 partitions into 2 + 2 give statistics 2, 0, 2, -2, 0, -2: none is greater than 2, so p = 0;
   * 2 are greater than 0, which is the case below.
   */
  @Test
  void handComputedExample() {
    Weat.Stats s = Weat.compute(new float[][] {A, DIAG}, new float[][] {B, DIAG}, new float[][] {A},
        new float[][] {B}, Weat.Options.defaults());
    assertEquals(Math.sqrt(1.5), s.effectSize(), 1e-6);
    assertEquals(2, s.statistic(), 1e-6);
    assertEquals(0, s.pValue());
    assertTrue(s.exact());
    assertEquals(6, s.partitions());

    // X = {diag, diag'}, Y = {a-like, b-like}: s = {0, 0, 1, -1}; statistic 0 - 0 = 0; partitions give
    // 0, 2, -2, 2, -2, 0 (in lexicographic order): 2 of 6 are greater than 0, so p = 1/3; d = 0.
    Weat.Stats t = Weat.compute(new float[][] {DIAG, DIAG}, new float[][] {A, B}, new float[][] {A},
        new float[][] {B}, Weat.Options.defaults());
    assertEquals(0, t.effectSize(), 1e-9);
    assertEquals(1.0 / 3, t.pValue(), 1e-12);

    assertEquals(1.0, Weat.association(A, new float[][] {A, A}, new float[][] {B}), 1e-9);
    assertEquals(Math.sqrt(1.5), Weat.effectSize(new double[] {1, 0, -1, 0}, 2), 1e-12);
  }

  @Test
  void sampledPValueMatchesExactOneWhenBothAreAvailable() {
    java.util.Random rnd = new java.util.Random(3);
    float[][] x = new float[7][];
    float[][] y = new float[7][];
    for (int i = 0; i < 7; i++) {
      x[i] = new float[] {1 + (float) rnd.nextGaussian() * 0.8f, (float) rnd.nextGaussian()};
      y[i] = new float[] {(float) rnd.nextGaussian(), 1 + (float) rnd.nextGaussian() * 0.8f};
    }
    float[][] a = {A};
    float[][] b = {B};
    Weat.Stats exact = Weat.compute(x, y, a, b, Weat.Options.defaults());
    Weat.Stats sampled = Weat.compute(x, y, a, b, Weat.Options.defaults().withExactLimit(10));
    assertTrue(exact.exact());
    assertFalse(sampled.exact());
    assertEquals(3432, exact.partitions()); // C(14, 7)
    assertEquals(exact.effectSize(), sampled.effectSize(), 0);
    assertEquals(exact.pValue(), sampled.pValue(), 0.005, exact + " vs " + sampled);
    assertTrue(exact.effectSize() > 1, exact.toString());
  }

  @Test
  void builtInListsAreThePublishedOnes() {
    List<WeatDefinition> all = WeatDefinition.builtIn();
    assertEquals(10, all.size());
    WeatDefinition w1 = WeatDefinition.builtIn("WEAT1");
    assertEquals(25, w1.x().words().size());
    assertEquals(25, w1.y().words().size());
    assertEquals(List.of("aster", "clover", "hyacinth"), w1.x().words().subList(0, 3));
    assertEquals("weevil", w1.y().words().get(24));
    assertTrue(w1.citation().contains("Science, 356(6334)"), w1.citation());
    assertEquals(32, WeatDefinition.builtIn("weat3").x().words().size(), "the paper's 32 after exclusions");
    assertEquals(16, WeatDefinition.builtIn("weat4").y().words().size());
    assertEquals(List.of("John", "Paul", "Mike", "Kevin", "Steve", "Greg", "Jeff", "Bill"),
        WeatDefinition.builtIn("weat6").x().words());
    assertEquals("career", WeatDefinition.builtIn("weat6").a().name());
    var e = assertThrows(IllegalArgumentException.class, () -> WeatDefinition.builtIn("weat11"));
    assertTrue(e.getMessage().contains("unknown WEAT test 'weat11'; expected one of [weat1"), e.getMessage());
  }

  @Test
  void seatSentences() {
    var w1 = WeatDefinition.builtIn("weat1");
    List<String> s = SeatTemplates.sentences(w1.x());
    assertEquals(25 * SeatTemplates.templates("noun").size(), s.size());
    assertEquals("This is an aster.", s.get(0));
    assertTrue(s.contains("The rose is here."), s.toString());
    assertTrue(SeatTemplates.sentences(WeatDefinition.builtIn("weat6").x()).contains("This is John."));
  }

  @Test
  void userFilesAndTheirErrors(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sets.json");
    Files.writeString(f, """
        [{"name": "t", "x": {"name": "cats", "words": ["cat", "kitten"]}, "y": {"name": "dogs", "words": ["dog"]},
          "a": {"name": "soft", "kind": "mass", "words": ["soft"]}, "b": {"name": "loud", "kind": "mass", "words": ["loud"]}}]
        """);
    List<WeatDefinition> tests = WeatDefinition.read(f);
    assertEquals("t", tests.get(0).name());
    assertEquals("noun", tests.get(0).x().kind());

    Files.writeString(f, "{\"name\": \"t\", \"x\": {\"name\": \"cats\", \"words\": []}}");
    var e = assertThrows(IllegalArgumentException.class, () -> WeatDefinition.read(f));
    assertTrue(e.getMessage().contains("word set 'cats' is empty"), e.getMessage());
    Files.writeString(f, "{\"name\": \"t\", \"x\": {\"words\": [\"a\"]}, \"y\": {\"words\": [\"b\"]},"
        + " \"a\": {\"words\": [\"c\"], \"kind\": \"verb\"}, \"b\": {\"words\": [\"d\"]}}");
    e = assertThrows(IllegalArgumentException.class, () -> WeatDefinition.read(f));
    assertTrue(e.getMessage().contains("kind 'verb'; expected one of [noun, name, mass]"), e.getMessage());
    Files.writeString(f, "{\"name\": \"t\", \"x\": {\"words\": [\"a\"]}, \"y\": {\"words\": [\"b\"]},"
        + " \"a\": {\"words\": [\"c\"]}, \"b\": {\"words\": [\"d\"]}}");
    e = assertThrows(IllegalArgumentException.class, () -> WeatDefinition.read(f));
    assertTrue(e.getMessage().contains("at least 3 target words"), e.getMessage());
    Files.writeString(f, "not json");
    e = assertThrows(IllegalArgumentException.class, () -> WeatDefinition.read(f));
    assertTrue(e.getMessage().startsWith("cannot read word sets " + f), e.getMessage());
  }

  /** The sanity check of the paper: flowers are pleasant, insects unpleasant, for the built-in model too. */
  @Test
  void weat1OnTheBuiltInTextModel() {
    EmbeddingModel minilm = EmbeddingModels.shared().get("all-MiniLM-L6-v2");
    WeatResult words = Weat.run(minilm, WeatDefinition.builtIn("weat1"), Weat.Options.defaults());
    WeatResult seat = Weat.run(minilm, WeatDefinition.builtIn("weat1"), Weat.Options.defaults().withSentences(true));
    System.out.print(WeatResult.table(List.of(words, seat), Weat.Options.DEFAULT_SAMPLES));
    assertTrue(words.effectSize() > 0.5, words.toString());
    assertTrue(words.pValue() < 0.05, words.toString());
    assertTrue(words.significant());
    assertFalse(words.exact(), "C(50, 25) partitions are sampled");
    assertEquals(25, words.nx());
    assertTrue(seat.effectSize() > 0, seat.toString());
    assertEquals(25 * 6, seat.nx());
  }
}
