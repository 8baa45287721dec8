package dev.quiver.embed.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.core.index.FlatIndex;
import dev.quiver.core.vector.Metric;
import dev.quiver.datasets.Dataset;
import dev.quiver.embed.EmbeddingModels;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in quiver-fashion-cnn: same vectors as its training script (PNG bytes through the Java
 * decoder and preprocessing), and k-NN classification over its embeddings on Fashion-MNIST.
 */
class FashionCnnTest {

  private static EmbeddingModels registry;
  private static EmbeddingModel model;

  @BeforeAll
  static void load() {
    registry = new EmbeddingModels();
    model = registry.get("quiver-fashion-cnn");
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  @Test
  void describesAnImageModel() {
    assertEquals("quiver-fashion-cnn", model.name());
    assertEquals(128, model.dimension());
    assertTrue(model.normalized());
    assertEquals(EnumSet.of(Modality.IMAGE), model.modalities());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.embed(List.of("a pair of sneakers")));
    assertTrue(e.getMessage().contains("quiver-fashion-cnn") && e.getMessage().contains("image"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> model.embedMedia(Modality.AUDIO, List.of(new byte[] {1})));
    assertTrue(e.getMessage().contains("audio"), e.getMessage());
  }

  /** The vectors the training script's own (PyTorch) inference gave for the first 50 test images. */
  @Test
  void matchesTheTrainingScriptOnPngBytes() throws Exception {
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("fashion-cnn-reference.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    Dataset data = FashionImages.data();
    List<byte[]> pngs = new ArrayList<>();
    for (JsonNode index : ref.get("indices")) {
      pngs.add(FashionImages.png(data.queries()[index.asInt()]));
    }
    List<float[]> vectors = model.embedMedia(Modality.IMAGE, pngs);
    double worst = 1;
    for (int i = 0; i < vectors.size(); i++) {
      JsonNode expected = ref.get("vectors").get(i);
      float[] v = vectors.get(i);
      assertEquals(expected.size(), v.length);
      double dot = 0;
      double norm = 0;
      for (int j = 0; j < v.length; j++) {
        dot += v[j] * expected.get(j).asDouble();
        norm += expected.get(j).asDouble() * expected.get(j).asDouble();
      }
      worst = Math.min(worst, dot / Math.sqrt(norm));
    }
    assertTrue(worst >= 0.999, "lowest cosine with the script's vectors: " + worst);
  }

  /** The k-NN test below skips PNG encoding; this checks that decoding a PNG gives the same pixels. */
  @Test
  void pngDecodingKeepsTheIdxPixels() {
    float[][] test = FashionImages.data().queries();
    for (int i = 0; i < 100; i++) {
      DecodedImage decoded = ImageDecoder.decode(FashionImages.png(test[i]), i);
      assertEquals(28, decoded.width());
      assertTrue(decoded.gray());
      assertArrayEquals(test[i], decoded.planes()[0], "image " + i);
    }
  }

  /** k = 10 majority vote (ties to the nearer neighbour), the 60,000 training images as the index. */
  @Test
  void knnClassifiesTheTestSet() {
    Dataset data = FashionImages.data();
    OnnxImageModel cnn = (OnnxImageModel) model;
    List<float[]> train = cnn.embedImages(FashionImages.decoded(data.base()));
    List<float[]> test = cnn.embedImages(FashionImages.decoded(data.queries()));
    FlatIndex index = new FlatIndex(128, Metric.COSINE);
    for (float[] v : train) {
      index.add(v);
    }
    int[][] top = index.searchAll(test.toArray(new float[0][]), 10,
        Runtime.getRuntime().availableProcessors());
    int[] trainLabels = FashionImages.trainLabels();
    int[] testLabels = FashionImages.testLabels();
    int correct = 0;
    for (int q = 0; q < top.length; q++) {
      int[] votes = new int[10];
      int best = 0;
      for (int ord : top[q]) {
        best = Math.max(best, ++votes[trainLabels[ord]]);
      }
      int predicted = -1;
      for (int ord : top[q]) { // nearest first: the first class with the most votes wins ties
        if (votes[trainLabels[ord]] == best) {
          predicted = trainLabels[ord];
          break;
        }
      }
      correct += predicted == testLabels[q] ? 1 : 0;
    }
    double accuracy = (double) correct / top.length;
    System.out.printf("quiver-fashion-cnn k-NN (k=10) accuracy on Fashion-MNIST test: %.4f%n",
        accuracy);
    assertTrue(accuracy >= 0.85, "k-NN accuracy " + accuracy);
  }
}
