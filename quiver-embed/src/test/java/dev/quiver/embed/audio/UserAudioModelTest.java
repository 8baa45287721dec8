package dev.quiver.embed.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.embed.EmbeddingModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own ONNX audio model from a models.json ({@code "type": "audio"}): here the shipped
 * spoken-words graph copied to a file, so the result can be compared with the built-in.
 */
class UserAudioModelTest {

  @TempDir
  Path dir;

  static byte[] heldout(String file) throws IOException {
    try (InputStream in = SpokenWordsTest.resource("heldout/" + file)) {
      return in.readAllBytes();
    }
  }

  private Path modelsJson(String json) throws IOException {
    Files.write(dir.resolve("my-words.onnx"), BuiltinAudioModel.QUIVER_SPOKEN_WORDS.resourceBytes());
    Path file = dir.resolve("models.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void aUserAudioModelRunsLikeTheBuiltInWithTheSameSettings() throws IOException {
    Path file = modelsJson("""
        {"my-words": {"type": "audio", "model": "my-words.onnx", "features": "log-mel",
                      "trim-db": 40, "max-frames": 200, "mel-bands": 40, "window": "hann",
                      "batch-size": 8, "threads": 1},
         "my-words-untrimmed": {"type": "audio", "model": "my-words.onnx", "trim-db": 0}}
        """);
    try (EmbeddingModels registry = new EmbeddingModels()) {
      registry.registerFromFile(file);
      EmbeddingModel mine = registry.get("my-words");
      EmbeddingModel builtin = registry.get("quiver-spoken-words");
      assertEquals(List.of(Modality.AUDIO), List.copyOf(mine.modalities()));
      assertEquals(128, mine.dimension());
      List<byte[]> wavs = List.of(heldout("garden_00.wav"), heldout("garden_01.wav"));
      List<float[]> a = mine.embedMedia(Modality.AUDIO, wavs);
      List<float[]> b = builtin.embedMedia(Modality.AUDIO, wavs);
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(b.get(i), a.get(i), 1e-5f);
      }
      // the feature settings are really used: keeping the silence changes the vector
      float[] untrimmed = registry.get("my-words-untrimmed").embedMedia(Modality.AUDIO, wavs).get(0);
      assertTrue(SpokenWordsTest.dot(untrimmed, a.get(0)) < 0.9999);
      assertNotEquals(mine.version(), registry.get("my-words-untrimmed").version());
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheModelTheKeyAndTheValue() throws IOException {
    Path onnx = dir.resolve("m.onnx");
    Files.write(onnx, BuiltinAudioModel.QUIVER_SPOKEN_WORDS.resourceBytes());
    String model = onnx.toString();
    assertMessage(Map.of("model", model, "hop", "10"), "audio model 'x': unknown setting(s) [hop]");
    assertMessage(Map.of("model", dir.resolve("nope.onnx").toString()),
        "model file '" + dir.resolve("nope.onnx") + "' does not exist");
    assertMessage(Map.of("model", model, "features", "spectrogram"),
        "features 'spectrogram' is not one of: log-mel, mfcc");
    assertMessage(Map.of("model", model, "fft-size", "300"),
        "MFCC setting fft-size = 300 is out of range, expected a power of two");
    assertMessage(Map.of("model", model, "f-max", "9000"),
        "f-max = 9000.0 is out of range, expected at most the Nyquist frequency 8000.0 Hz");
    assertMessage(Map.of("model", model, "window", "blackman"), "window 'blackman' is not one of");
    assertMessage(Map.of("model", model, "trim-db", "-3"), "trim-db -3.0 is out of range");
    assertMessage(Map.of("model", model, "coefficients", "many"), "coefficients 'many' is not a whole number");
    // the graph takes 40 log-mel bands: 20 MFCCs per frame do not fit, found when loading
    AudioModelSettings mfcc = AudioModelSettings.parse("x", Map.of("model", model, "features", "mfcc"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, mfcc::load);
    assertTrue(e.getMessage().contains("expected [batch, frames, 20] (mfcc features)"), e.getMessage());
  }

  @Test
  void aModelListWithAnUnknownTypeNamesTheTypesItTakes() throws IOException {
    Path file = modelsJson("{\"m\": {\"type\": \"sound\", \"model\": \"my-words.onnx\"}}");
    try (EmbeddingModels registry = new EmbeddingModels()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> registry.registerFromFile(file));
      assertTrue(e.getMessage().contains("type 'sound' is not one of:")
          && e.getMessage().contains("audio"), e.getMessage());
    }
  }

  private static void assertMessage(Map<String, String> settings, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AudioModelSettings.parse("x", settings));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
