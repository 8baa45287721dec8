package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.VectorMath;
import java.util.List;
import org.junit.jupiter.api.Test;

class AverageWordEmbeddingModelTest {

  static WordVectors small() {
    // the (frequent, uninformative), cat, dog, car, bus
    return new WordVectors(List.of("the", "cat", "dog", "car", "bus"), new float[] {
        1, 1, 1,
        1, 0, 0,
        0.9f, 0.1f, 0,
        0, 0, 1,
        0, 0.1f, 0.9f}, 3, new long[] {1000, 10, 10, 10, 10});
  }

  static float norm(float[] v) {
    return (float) Math.sqrt(VectorMath.get().dot(v, v));
  }

  @Test
  void averagesKnownWordsAndNormalises() {
    AverageWordEmbeddingModel m = AverageWordEmbeddingModel.uniform("avg", small());
    assertEquals(3, m.dimension());
    float[] v = m.embed("The CAT, and a zebra!");
    float s = (float) Math.sqrt(2 * 2 + 1 + 1);
    assertArrayEquals(new float[] {2 / s, 1 / s, 1 / s}, v, 1e-6f);
    assertEquals(1f, norm(v), 1e-5f);
    List<float[]> batch = m.embed(List.of("cat", "dog", "car"));
    assertTrue(VectorMath.get().dot(batch.get(0), batch.get(1)) > VectorMath.get().dot(batch.get(0), batch.get(2)));
  }

  @Test
  void noKnownWordIsZeroOrAClearError() {
    AverageWordEmbeddingModel m = AverageWordEmbeddingModel.uniform("avg", small());
    assertArrayEquals(new float[3], m.embed("zebra giraffe"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.withNoKnownWords(AverageWordEmbeddingModel.NoKnownWords.THROW).embed("zebra giraffe"));
    assertTrue(e.getMessage().contains("zebra giraffe") && e.getMessage().contains("'avg'"), e.getMessage());
  }

  @Test
  void sifAndIdfDownWeightCommonWords() {
    AverageWordEmbeddingModel sif = AverageWordEmbeddingModel.sif("sif", small());
    assertTrue(sif.weight("the") < sif.weight("cat") / 5, sif.weight("the") + " vs " + sif.weight("cat"));
    float[] catOnly = sif.embed("cat");
    float[] theCat = sif.embed("the cat");
    assertTrue(VectorMath.get().dot(catOnly, theCat) > 0.95f, "'the' barely moves the vector");
    AverageWordEmbeddingModel idf = AverageWordEmbeddingModel.fitIdf("idf", small(),
        List.of("the cat", "the dog", "the car", "the bus sat"));
    assertTrue(idf.weight("the") < idf.weight("cat"));
    assertEquals(1f, norm(idf.embed("the dog the car")), 1e-5f);
    assertNotEquals(sif.version(), idf.version(), "weights are part of the version");
    assertEquals(sif.version(), AverageWordEmbeddingModel.sif("sif", small()).version(), "stable version");
  }
}
