package dev.quiver.embed.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.embed.EmbeddingModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's CLIP-style model ({@code "type": "clip"}): the tiny random-weight pair and BPE tokenizer
 * written by {@code models/tiny-clip/make_tiny_clip.py}, which also wrote the vectors its own
 * PyTorch inference (and BPE, and PIL resizing) gives.
 */
class ClipModelTest {

  private static final String[] FILES = {"text.onnx", "image.onnx", "tokenizer.json"};
  private static JsonNode reference;

  @TempDir
  Path dir;

  @BeforeAll
  static void readReference() throws IOException {
    try (InputStream in = ClipModelTest.class.getResourceAsStream("tiny-clip/reference.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  private Path copyModel() throws IOException {
    for (String f : FILES) {
      try (InputStream in = getClass().getResourceAsStream("tiny-clip/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
    Path models = dir.resolve("models.json");
    Files.writeString(models, """
        {"tiny-clip": {"type": "clip", "image-model": "image.onnx", "text-model": "text.onnx",
          "tokenizer": "tokenizer.json", "text-output": "last_hidden_state", "text-pooling": "eos",
          "image-input-size": "32", "image-color": "rgb", "image-resize": "crop",
          "image-resize-shorter": 32, "image-mean": [0.48145466, 0.4578275, 0.40821073],
          "image-std": [0.26862954, 0.26130258, 0.27577711], "image-pooling": "mean",
          "batch-size": 2}}
        """);
    return models;
  }

  /** The images make_tiny_clip.py draws with the same formulas. */
  static byte[] testImage(String kind) throws IOException {
    int w = kind.equals("wide") ? 40 : kind.equals("large") ? 64 : 50;
    int h = kind.equals("wide") ? 32 : kind.equals("large") ? 48 : 50;
    BufferedImage image;
    if (kind.equals("gray")) {
      image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          image.getRaster().setSample(x, y, 0, (x * 5 + y * 9) % 256);
        }
      }
    } else {
      image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int r = (x * 7 + y * 3) % 256;
          int g = (x * x + y * 5) % 256;
          int b = (x * y) % 256;
          image.setRGB(x, y, r << 16 | g << 8 | b);
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static double cosine(float[] v, JsonNode expected) {
    double dot = 0;
    double nv = 0;
    double ne = 0;
    for (int i = 0; i < v.length; i++) {
      double e = expected.get(i).asDouble();
      dot += v[i] * e;
      nv += v[i] * v[i];
      ne += e * e;
    }
    return dot / Math.sqrt(nv * ne);
  }

  @Test
  void textAndImagesMatchTheExportScript() throws IOException {
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(copyModel());
      EmbeddingModel clip = registry.get("tiny-clip");
      assertEquals(EnumSet.of(Modality.TEXT, Modality.IMAGE), clip.modalities());
      assertEquals(16, clip.dimension());
      assertTrue(clip.normalized());

      // Tokenizer: DJL's HuggingFace binding gives the ids of the script's own BPE.
      OnnxTextEncoder text = (OnnxTextEncoder) ((TextImageModel) clip).text();
      List<String> texts = new ArrayList<>();
      for (JsonNode t : reference.get("texts")) {
        texts.add(t.get("text").asText());
        long[] expected = new long[t.get("ids").size()];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = t.get("ids").get(i).asLong();
        }
        assertArrayEquals(expected, text.tokenIds(t.get("text").asText()), t.get("text").asText());
      }
      // Texts of different lengths in padded batches of 2: padding must not change a vector.
      List<float[]> textVectors = clip.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        JsonNode expected = reference.get("texts").get(i).get("vector");
        assertArrayEquals(floats(expected), textVectors.get(i), 1e-4f, texts.get(i));
      }
      assertArrayEquals(textVectors.get(1), clip.embedQuery(texts.get(1)), 1e-5f);

      // Images: crop without resizing (wide), PIL bilinear resize + crop (large), gray -> RGB and
      // resized (gray).
      List<byte[]> images = new ArrayList<>();
      for (JsonNode i : reference.get("images")) {
        images.add(testImage(i.get("image").asText()));
      }
      List<float[]> imageVectors = clip.embedMedia(Modality.IMAGE, images);
      for (int i = 0; i < images.size(); i++) {
        JsonNode ref = reference.get("images").get(i);
        double cos = cosine(imageVectors.get(i), ref.get("vector"));
        assertTrue(cos >= 0.9999, ref.get("image").asText() + ": cosine " + cos);
        // PIL rounds resized pixels to bytes, Quiver keeps floats: only the unresized image is
        // expected to give the same floats.
        if (ref.get("image").asText().equals("wide")) {
          assertArrayEquals(floats(ref.get("vector")), imageVectors.get(i), 1e-4f);
        }
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> clip.embedMedia(Modality.AUDIO, List.of(new byte[1])));
      assertTrue(e.getMessage().contains("tiny-clip"), e.getMessage());
    }
  }

  @Test
  void badSettingsNameTheModelAndTheValue() throws IOException {
    copyModel();
    Path models = dir.resolve("bad.json");
    Files.writeString(models, """
        {"bad-clip": {"type": "clip", "image-model": "image.onnx", "text-model": "text.onnx",
          "tokenizer": "tokenizer.json", "text-pooling": "max", "image-input-size": "32"}}
        """);
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(models));
      assertTrue(e.getMessage().contains("bad-clip") && e.getMessage().contains("'max'"),
          e.getMessage());
    }
    Files.writeString(models, """
        {"bad-clip": {"type": "clip", "image-model": "image.onnx", "text-model": "text.onnx",
          "tokenizer": "tokenizer.json", "text-pooling": "eos", "image-input-size": "48"}}
        """);
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(models);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.get("bad-clip"));
      assertTrue(e.getMessage().contains("height 32 but the preprocessing makes 48"), e.getMessage());
    }
    Files.writeString(models, """
        {"bad-clip": {"type": "clip", "image-model": "image.onnx", "text-model": "text.onnx",
          "tokenizer": "tokenizer.json", "image-input-size": "32"}}
        """);
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(models);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.get("bad-clip"));
      assertTrue(e.getMessage().contains("has shape [1, 3, 16], which text pooling 'none' cannot"
          + " use; expected [batch, dimension]"), e.getMessage());
    }
    Files.writeString(models, """
        {"bad-clip": {"type": "clip", "image-model": "missing.onnx", "text-model": "text.onnx",
          "tokenizer": "tokenizer.json", "image-input-size": "32"}}
        """);
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(models));
      assertTrue(e.getMessage().contains("image-model file") && e.getMessage().contains("missing.onnx"),
          e.getMessage());
    }
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
