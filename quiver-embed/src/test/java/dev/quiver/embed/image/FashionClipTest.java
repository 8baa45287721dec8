package dev.quiver.embed.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;
import dev.quiver.embed.EmbeddingModels;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in quiver-fashion-clip: Fashion-MNIST images in all-MiniLM-L6-v2's space. Queries are
 * plain-language phrasings that are not among the training captions
 * ({@code models/fashion-clip/captions.json}, "eval").
 */
class FashionClipTest {

  /** One query per class (label order), none of them a training caption. */
  static final List<String> QUERIES = List.of("a t-shirt", "trousers", "a pullover", "a dress",
      "a coat", "sandals", "a shirt", "a pair of sneakers", "a bag", "ankle boots");

  private static EmbeddingModels registry;
  private static EmbeddingModel clip;
  private static float[][] testVectors;

  @BeforeAll
  static void load() {
    registry = new EmbeddingModels();
    clip = registry.get("quiver-fashion-clip");
    Dataset data = FashionImages.data();
    TextImageModel joint = (TextImageModel) clip;
    testVectors = ((OnnxImageModel) joint.image()).embedImages(FashionImages.decoded(data.queries()))
        .toArray(new float[0][]);
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void sharesMiniLmsSpace() {
    assertEquals(EnumSet.of(Modality.TEXT, Modality.IMAGE), clip.modalities());
    assertEquals(384, clip.dimension());
    assertTrue(clip.normalized());
    // The text side is all-MiniLM-L6-v2 itself: the same vector for the same text.
    float[] direct = registry.get("all-MiniLM-L6-v2").embedQuery("ankle boots");
    assertArrayEquals(direct, clip.embedQuery("ankle boots"), 1e-6f);
    for (String q : QUERIES) {
      assertTrue(!captionsContain(q), "query '" + q + "' is a training caption");
    }
  }

  private static boolean captionsContain(String text) {
    // Tests run in the module folder; the captions live in the repository's models/ folder.
    java.nio.file.Path file = java.nio.file.Path.of("..", "models", "fashion-clip", "captions.json");
    if (!java.nio.file.Files.isRegularFile(file)) {
      file = java.nio.file.Path.of("models", "fashion-clip", "captions.json");
    }
    try {
      JsonNode captions = new ObjectMapper().readTree(file.toFile());
      for (JsonNode phrasings : captions.get("train")) {
        for (JsonNode p : phrasings) {
          if (p.asText().equalsIgnoreCase(text)) {
            return true;
          }
        }
      }
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void matchesTheTrainingScriptOnPngBytes() throws Exception {
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("fashion-clip-reference.json")) {
      ref = new ObjectMapper().readTree(in);
    }
    List<byte[]> pngs = new ArrayList<>();
    for (JsonNode index : ref.get("indices")) {
      pngs.add(FashionImages.png(FashionImages.data().queries()[index.asInt()]));
    }
    List<float[]> vectors = clip.embedMedia(Modality.IMAGE, pngs);
    double worst = 1;
    for (int i = 0; i < vectors.size(); i++) {
      float[] expected = ClipModelTest.floats(ref.get("vectors").get(i));
      worst = Math.min(worst, dot(vectors.get(i), expected));
    }
    assertTrue(worst >= 0.999, "lowest cosine with the script's vectors: " + worst);
  }

  @Test
  void textFindsImagesOfTheRightClass() {
    int[] labels = FashionImages.testLabels();
    List<float[]> queries = clip.embedQueries(QUERIES);
    StringBuilder report = new StringBuilder();
    boolean failed = false;
    for (int c = 0; c < QUERIES.size(); c++) {
      float[] q = queries.get(c);
      // Top 10 of the 10,000 test images by cosine (all vectors are unit length).
      int[] top = new int[10];
      float[] best = new float[10];
      java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
      for (int i = 0; i < testVectors.length; i++) {
        float s = dot(q, testVectors[i]);
        if (s > best[9]) {
          int j = 9;
          while (j > 0 && best[j - 1] < s) {
            best[j] = best[j - 1];
            top[j] = top[j - 1];
            j--;
          }
          best[j] = s;
          top[j] = i;
        }
      }
      int right = 0;
      for (int i : top) {
        right += labels[i] == c ? 1 : 0;
      }
      report.append(String.format("%n  \"%s\" (%s): %d/10", QUERIES.get(c),
          FashionMnist.CLASS_NAMES.get(c), right));
      failed |= right < 8;
    }
    System.out.println("quiver-fashion-clip text->image, right class in the top 10:" + report);
    assertTrue(!failed, "a query found fewer than 8 right images in its top 10:" + report);
  }

  @Test
  void imagesPickTheirCaption() {
    int[] labels = FashionImages.testLabels();
    List<float[]> captions = clip.embed(QUERIES);
    int correct = 0;
    for (int i = 0; i < testVectors.length; i++) {
      int pick = 0;
      float best = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < captions.size(); c++) {
        float s = dot(testVectors[i], captions.get(c));
        if (s > best) {
          best = s;
          pick = c;
        }
      }
      correct += pick == labels[i] ? 1 : 0;
    }
    double accuracy = (double) correct / testVectors.length;
    System.out.printf("quiver-fashion-clip image->text (10 captions) accuracy: %.4f%n", accuracy);
    assertTrue(accuracy >= 0.75, "image->text accuracy " + accuracy);
  }
}
