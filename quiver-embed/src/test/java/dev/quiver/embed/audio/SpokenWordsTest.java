package dev.quiver.embed.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.embed.EmbeddingModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in audio models on held-out voices: 30 words said by 4 espeak-ng voice variants that
 * were never used in training ({@code heldout/}, written by
 * {@code models/spoken-words/export_test_set.py}, 16 kHz 16-bit mono, committed so the test does
 * not depend on the installed espeak-ng). Each utterance queries all the others; a hit is the
 * same word said by another voice.
 */
class SpokenWordsTest {

  /** The acceptance bar for the learned model. */
  static final double MIN_PRECISION_AT_1 = 0.8;

  static EmbeddingModels registry;
  static List<byte[]> wavs = new ArrayList<>();
  static List<String> words = new ArrayList<>();
  static List<String> voices = new ArrayList<>();
  static JsonNode items;

  @BeforeAll
  static void load() throws IOException {
    registry = new EmbeddingModels();
    items = new ObjectMapper().readTree(resource("heldout/heldout.json")).get("items");
    for (JsonNode item : items) {
      try (InputStream in = resource("heldout/" + item.get("file").asText())) {
        wavs.add(in.readAllBytes());
      }
      words.add(item.get("word").asText());
      voices.add(item.get("voice").asText());
    }
  }

  @AfterAll
  static void close() {
    registry.close();
  }

  static InputStream resource(String name) {
    InputStream in = SpokenWordsTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("test resource " + name + " is missing; run"
          + " models/spoken-words/export_test_set.py");
    }
    return in;
  }

  /** Precision@1 of same-word retrieval across voices, every utterance a query once. */
  static double precisionAt1(List<float[]> vectors) {
    int hits = 0;
    for (int q = 0; q < vectors.size(); q++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int d = 0; d < vectors.size(); d++) {
        if (d != q) {
          double s = dot(vectors.get(q), vectors.get(d));
          if (s > bestScore) {
            bestScore = s;
            best = d;
          }
        }
      }
      if (words.get(best).equals(words.get(q)) && !voices.get(best).equals(voices.get(q))) {
        hits++;
      }
    }
    return hits / (double) vectors.size();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void theHeldOutSetIsWhatItClaims() {
    assertEquals(120, wavs.size());
    assertEquals(30, Set.copyOf(words).size());
    assertEquals(4, Set.copyOf(voices).size());
  }

  @Test
  void learnedModelFindsTheSameWordSaidByAnotherVoiceAndBeatsPlainMfcc() {
    EmbeddingModel learned = registry.get("quiver-spoken-words");
    EmbeddingModel mfcc = registry.get("quiver-mfcc");
    double learnedP1 = precisionAt1(learned.embedMedia(Modality.AUDIO, wavs));
    double mfccP1 = precisionAt1(mfcc.embedMedia(Modality.AUDIO, wavs));
    System.out.printf("held-out voices, %d utterances: precision@1 quiver-spoken-words %.3f,"
        + " quiver-mfcc %.3f%n", wavs.size(), learnedP1, mfccP1);
    assertTrue(learnedP1 >= MIN_PRECISION_AT_1, "quiver-spoken-words precision@1 " + learnedP1);
    assertTrue(learnedP1 > mfccP1 + 0.2, "learned " + learnedP1 + " vs MFCC " + mfccP1);
  }

  @Test
  void javaFeaturesThroughOnnxRuntimeReproduceTheTrainingScriptsVectors() {
    EmbeddingModel learned = registry.get("quiver-spoken-words");
    int checked = 0;
    for (int i = 0; i < items.size(); i++) {
      JsonNode expected = items.get(i).get("torch_embedding");
      if (expected == null) {
        continue;
      }
      float[] v = learned.embedMedia(Modality.AUDIO, List.of(wavs.get(i))).get(0);
      assertEquals(expected.size(), v.length);
      for (int k = 0; k < v.length; k++) {
        assertEquals(expected.get(k).asDouble(), v[k], 2e-3, items.get(i).get("file") + " [" + k + "]");
      }
      checked++;
    }
    assertTrue(checked >= 3, "only " + checked + " reference vectors");
  }

  @Test
  void vectorsAreUnitLengthAndDoNotDependOnTheBatch() {
    for (String name : List.of("quiver-spoken-words", "quiver-mfcc")) {
      EmbeddingModel m = registry.get(name);
      assertEquals(Set.of(Modality.AUDIO), m.modalities());
      List<float[]> batch = m.embedMedia(Modality.AUDIO, wavs.subList(0, 40));
      for (int i : new int[] {0, 17, 39}) {
        float[] alone = m.embedMedia(Modality.AUDIO, List.of(wavs.get(i))).get(0);
        assertEquals(m.dimension(), alone.length);
        assertEquals(1.0, dot(alone, alone), 1e-4, name);
        for (int k = 0; k < alone.length; k++) {
          assertEquals(batch.get(i)[k], alone[k], 1e-4, name + " item " + i + " [" + k + "]");
        }
      }
    }
  }

  @Test
  void otherSampleRatesAreResampledToTheModelRate() {
    EmbeddingModel learned = registry.get("quiver-spoken-words");
    DecodedAudio a = WavDecoder.decode(wavs.get(5), "w");
    float[] at44 = Resampler.resample(a.samples(), 16_000, 44_100);
    float[] original = learned.embedMedia(Modality.AUDIO, List.of(wavs.get(5))).get(0);
    float[] resampled = learned.embedMedia(Modality.AUDIO, List.of(floatWav(at44, 44_100))).get(0);
    assertTrue(dot(original, resampled) > 0.98, "cosine " + dot(original, resampled));
  }

  @Test
  void refusesTextOtherModalitiesAndBadFilesClearly() {
    EmbeddingModel learned = registry.get("quiver-spoken-words");
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> learned.embed(List.of("garden")));
    assertTrue(text.getMessage().contains("embeds audio (WAV files), not text"), text.getMessage());
    IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
        () -> learned.embedMedia(Modality.IMAGE, List.of(wavs.get(0))));
    assertTrue(image.getMessage().contains("not image"), image.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> learned.embedMedia(Modality.AUDIO, List.of(wavs.get(0),
            "OggS not a wav".getBytes(StandardCharsets.US_ASCII))));
    assertTrue(bad.getMessage().startsWith("audio 1 is not a WAV file"), bad.getMessage());
    assertTrue(bad.getMessage().contains("(an Ogg file)"), bad.getMessage());
    IllegalArgumentException mfccBad = assertThrows(IllegalArgumentException.class,
        () -> registry.get("quiver-mfcc").embedMedia(Modality.AUDIO, List.of(new byte[0])));
    assertTrue(mfccBad.getMessage().startsWith("audio 0 is empty (0 bytes)"), mfccBad.getMessage());
  }

  /** An IEEE float 32-bit mono WAV. */
  static byte[] floatWav(float[] samples, int rate) {
    ByteBuffer b = ByteBuffer.allocate(44 + 4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 4 * samples.length)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3)
        .putShort((short) 1).putInt(rate).putInt(4 * rate).putShort((short) 4).putShort((short) 32)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4 * samples.length);
    for (float s : samples) {
      b.putFloat(s);
    }
    return b.array();
  }
}
