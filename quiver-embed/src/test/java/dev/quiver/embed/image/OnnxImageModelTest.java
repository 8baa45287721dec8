package dev.quiver.embed.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.embed.EmbeddingModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's ONNX image model registered from a models.json file ({@code "type": "image"}). */
class OnnxImageModelTest {

  @TempDir
  Path dir;

  private Path modelList(String settings) throws IOException {
    Files.write(dir.resolve("cnn.onnx"), BuiltinImageModel.QUIVER_FASHION_CNN.onnxBytes());
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"my-cnn\": {\"type\": \"image\", \"model\": \"cnn.onnx\", " + settings
        + "}}");
    return file;
  }

  private static List<byte[]> pngs(int n) {
    float[][] test = FashionImages.data().queries();
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(FashionImages.png(test[i]));
    }
    return out;
  }

  @Test
  void theBuiltInGraphAsAUserModelGivesTheBuiltInVectors() throws IOException {
    Path file = modelList("\"input-size\": \"28x28\", \"color\": \"gray\", \"resize\": \"stretch\","
        + " \"mean\": [0.286], \"std\": 0.353, \"input\": \"pixels\", \"output\": \"embedding\","
        + " \"batch-size\": 7");
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(file);
      EmbeddingModel mine = registry.get("my-cnn");
      EmbeddingModel builtin = registry.get("quiver-fashion-cnn");
      assertEquals(128, mine.dimension());
      List<byte[]> images = pngs(20); // three batches of 7, 7, 6
      List<float[]> a = mine.embedMedia(Modality.IMAGE, images);
      List<float[]> b = builtin.embedMedia(Modality.IMAGE, images);
      for (int i = 0; i < images.size(); i++) {
        assertArrayEquals(b.get(i), a.get(i), 1e-5f, "image " + i);
      }
      // Same weights and preprocessing (up to the rounding of mean and std): versions name the
      // settings, so they differ.
      assertNotEquals(builtin.version(), mine.version());
      // A bad item fails naming its position.
      List<byte[]> withBad = new ArrayList<>(images.subList(0, 3));
      withBad.add("not an image".getBytes());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> mine.embedMedia(Modality.IMAGE, withBad));
      assertTrue(e.getMessage().startsWith("image 3 is not an image"), e.getMessage());
    }
  }

  @Test
  void colourAndLargerImagesAreConvertedAndResized() throws IOException {
    // An RGB 56x56 upscaled copy still lands near the 28x28 original's vector.
    try (EmbeddingModels registry = new EmbeddingModels()) {
      EmbeddingModel cnn = registry.get("quiver-fashion-cnn");
      float[] pixels = FashionImages.data().queries()[0];
      java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(56, 56,
          java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 56; y++) {
        for (int x = 0; x < 56; x++) {
          int v = (int) pixels[(y / 2) * 28 + x / 2];
          big.setRGB(x, y, v << 16 | v << 8 | v);
        }
      }
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(big, "png", png);
      List<float[]> v = cnn.embedMedia(Modality.IMAGE,
          List.of(FashionImages.png(pixels), png.toByteArray()));
      double cos = 0;
      for (int i = 0; i < v.get(0).length; i++) {
        cos += v.get(0)[i] * v.get(1)[i];
      }
      assertTrue(cos > 0.95, "cosine of the 28x28 gray and 56x56 RGB copies: " + cos);
    }
  }

  @Test
  void badSettingsAreClearErrors() throws IOException {
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(modelList("\"color\": \"gray\"")));
      assertTrue(e.getMessage().contains("my-cnn") && e.getMessage().contains("input-size"),
          e.getMessage());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(modelList("\"input-size\": \"28\", \"colour\": \"gray\"")));
      assertTrue(e.getMessage().contains("unknown setting(s) [colour]"), e.getMessage());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(modelList("\"input-size\": \"28\", \"color\": \"rgb\""));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.get("my-cnn"));
      assertTrue(e.getMessage().contains("has channels 1 but the preprocessing makes 3"),
          e.getMessage());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(modelList("\"input-size\": \"28\", \"color\": \"gray\","
          + " \"output\": \"logits\""));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.get("my-cnn"));
      assertTrue(e.getMessage().contains("no output named 'logits'")
          && e.getMessage().contains("[embedding]"), e.getMessage());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(modelList("\"input-size\": \"28\", \"color\": \"gray\","
          + " \"pooling\": \"cls\""));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.get("my-cnn"));
      assertTrue(e.getMessage().contains("has shape [1, 128], which pooling 'cls' cannot use"),
          e.getMessage());
    }
    try (EmbeddingModels registry = new EmbeddingModels()) {
      Path file = dir.resolve("typo.json");
      Files.writeString(file, "{\"x\": {\"type\": \"picture\", \"model\": \"cnn.onnx\"}}");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(file));
      assertTrue(e.getMessage().contains("type 'picture' is not one of: sentence, image, clip"),
          e.getMessage());
    }
  }
}
