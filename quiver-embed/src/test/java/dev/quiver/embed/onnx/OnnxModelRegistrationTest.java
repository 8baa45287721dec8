package dev.quiver.embed.onnx;

import static dev.quiver.embed.onnx.SharedModels.cosine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.EmbeddingModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry: built-ins by name, a user's own model from files, and configuration errors. */
class OnnxModelRegistrationTest {

  @TempDir
  static Path dir;
  static Path onnx;
  static Path tokenizer;

  @BeforeAll
  static void extractBuiltinToFiles() throws IOException {
    onnx = Files.write(dir.resolve("model.onnx"), BuiltinOnnxModel.ALL_MINILM_L6_V2.onnxBytes());
    tokenizer = Files.write(dir.resolve("tokenizer.json"),
        BuiltinOnnxModel.ALL_MINILM_L6_V2.tokenizerBytes());
  }

  private static Map<String, String> settings(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("model", onnx.toString());
    m.put("tokenizer", tokenizer.toString());
    m.put("threads", "2");
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        m.remove(keyValues[i]);
      } else {
        m.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  @Test
  void userModelFromFilesEmbedsLikeTheBuiltin() {
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerOnnx("my-minilm", settings("pooling", "mean", "max-length", "256",
          "query-prefix", "query: "));
      assertTrue(registry.contains("MY-MINILM"));
      // Built-ins first (the text models, then the image and audio ones), the user's model last.
      List<String> names = registry.names();
      assertEquals(List.of("all-MiniLM-L6-v2", "bge-small-en-v1.5"), names.subList(0, 2));
      assertEquals("my-minilm", names.get(names.size() - 1));
      EmbeddingModel mine = registry.get("my-minilm");
      assertSame(mine, registry.get("my-minilm"), "loaded once, then cached");
      assertEquals("my-minilm", mine.name());
      assertEquals(384, mine.dimension());
      List<String> texts = List.of("a cat on a mat", "vector search inside the JVM");
      List<float[]> a = mine.embed(texts);
      List<float[]> b = SharedModels.minilm().embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertTrue(cosine(a.get(i), b.get(i)) >= 0.9999);
      }
      assertTrue(cosine(mine.embedQuery("cat"), mine.embed("query: cat")) >= 0.9999);
    }
  }

  /** Loads, reads the version, closes: each load holds ~100 MB of native memory. */
  private static String version(Map<String, String> settings) {
    try (OnnxSentenceModel m = OnnxModelSettings.parse("m", settings).load()) {
      return m.version();
    }
  }

  @Test
  void modelsListedInAJsonFileAreRegistered() throws IOException {
    Path list = Files.writeString(dir.resolve("models.json"), "{\"e5-like\": {\"model\": \"model.onnx\","
        + " \"tokenizer\": \"" + tokenizer.toString().replace("\\", "\\\\") + "\", \"pooling\": \"mean\","
        + " \"max-length\": 256, \"query-prefix\": \"query: \"}}");
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(list); // "model.onnx" is relative to the list's folder
      assertTrue(registry.contains("e5-like"));
      assertEquals(384, registry.get("e5-like").dimension());
    }
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"x\": {\"model\": \"model.onnx\", \"pooling\": \"max\","
        + " \"tokenizer\": \"tokenizer.json\"}}");
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.registerFromFile(bad));
      assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("max"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> registry.registerFromFile(dir.resolve("none.json")));
      assertTrue(e.getMessage().contains("none.json"), e.getMessage());
    }
  }

  @Test
  void versionFollowsWeightsTokenizerAndPooling() throws IOException {
    String mean = version(settings());
    assertEquals(mean, version(settings("batch-size", "4", "threads", "1",
        "concurrent-batches", "2")), "batch size and threads leave the version alone");
    assertEquals(SharedModels.minilm().version(), version(settings("max-length", "256")),
        "same bytes and settings as the built-in");
    assertNotEquals(mean, version(settings("pooling", "cls")));
    assertNotEquals(mean, version(settings("query-prefix", "query: ")));
    // A different tokenizer (bge's) with the same weights: a different version.
    Path otherTokenizer = Files.write(dir.resolve("bge-tokenizer.json"),
        BuiltinOnnxModel.BGE_SMALL_EN_V15.tokenizerBytes());
    assertNotEquals(mean, version(settings("tokenizer", otherTokenizer.toString())));
    // Unnormalised: another version, and vectors are not unit length.
    try (OnnxSentenceModel raw =
        OnnxModelSettings.parse("m", settings("normalize", "false")).load()) {
      assertNotEquals(mean, raw.version());
      assertFalse(raw.normalized());
      float[] v = raw.embed("hello there");
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      assertTrue(Math.abs(Math.sqrt(n) - 1) > 1e-3, "norm " + Math.sqrt(n));
    }
  }

  @Test
  void builtinsByNameAreLazyAndShared() {
    try (EmbeddingModels registry = new EmbeddingModels()) {
      assertTrue(registry.contains("all-minilm-l6-v2"));
      assertTrue(registry.contains(EmbeddingModels.DEFAULT_MODEL));
      assertTrue(registry.contains("bge-small-en-v1.5"));
      EmbeddingModel def = registry.getDefault();
      assertSame(def, registry.get("All-MiniLM-L6-v2"));
      assertEquals(SharedModels.minilm().version(), def.version());
    }
  }

  @Test
  void badConfigurationNamesTheBadValue() throws IOException {
    assertError("setting 'model' is required", settings("model", null));
    assertError("setting 'tokenizer' is required", settings("tokenizer", ""));
    assertError("model file '/no/such/model.onnx' does not exist",
        settings("model", "/no/such/model.onnx"));
    assertError("pooling 'max' is not one of: mean, cls", settings("pooling", "max"));
    assertError("normalize 'yes' is not one of: true, false", settings("normalize", "yes"));
    assertError("max-length 'long' is not a whole number", settings("max-length", "long"));
    assertError("max length 0 is out of range, expected 2..8192", settings("max-length", "0"));
    assertError("batch size 0 must be at least 1", settings("batch-size", "0"));
    assertError("threads -1 must be at least 1", settings("threads", "-1"));
    assertError("concurrent batches 0 must be at least 1", settings("concurrent-batches", "0"));
    assertError("unknown setting(s) [poling]", settings("poling", "cls"));

    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
          () -> registry.registerOnnx("bge-small-en-v1.5", settings()));
      assertTrue(dup.getMessage().contains("'bge-small-en-v1.5' is already registered (built-in)"),
          dup.getMessage());
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> registry.get("gpt-embed"));
      assertTrue(unknown.getMessage().contains(
          "unknown embedding model 'gpt-embed', expected one of [all-MiniLM-L6-v2, "
              + "bge-small-en-v1.5, quiver-fashion-cnn, "), unknown.getMessage());
      // Files that exist but are not what they claim: the load error names the model and the part.
      registry.registerOnnx("swapped", settings("model", tokenizer.toString()));
      IllegalArgumentException notOnnx = assertThrows(IllegalArgumentException.class,
          () -> registry.get("swapped"));
      assertTrue(notOnnx.getMessage().startsWith(
          "embedding model 'swapped': ONNX Runtime cannot load the model"), notOnnx.getMessage());
      Path junk = Files.writeString(dir.resolve("junk.json"), "{\"not\": \"a tokenizer\"}");
      registry.registerOnnx("junk-tokenizer", settings("tokenizer", junk.toString()));
      IllegalArgumentException notTokenizer = assertThrows(IllegalArgumentException.class,
          () -> registry.get("junk-tokenizer"));
      assertTrue(notTokenizer.getMessage().startsWith(
          "embedding model 'junk-tokenizer': cannot load the tokenizer"),
          notTokenizer.getMessage());
    }
  }

  private static void assertError(String expected, Map<String, String> settings) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxModelSettings.parse("custom", settings));
    assertTrue(e.getMessage().startsWith("embedding model 'custom': "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
