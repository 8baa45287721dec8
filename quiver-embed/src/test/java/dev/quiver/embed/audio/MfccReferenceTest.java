package dev.quiver.embed.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java features against an independent numpy implementation: {@code mfcc-reference.json} and
 * the WAVs beside it were written by {@code quiver-embed/src/test/python/mfcc_reference.py} (numpy,
 * float64) for a tone, a chirp, pink noise and a spoken word, under the default configuration and a
 * Slaney/Hamming/area-normalised one.
 *
 * <p>Tolerances: log-mel within 1e-4 (absolute, natural log, i.e. 0.01 % in energy), MFCCs within
 * 1e-3 absolute (they sum 40–64 log-mel values with DCT weights up to ~1 and lifter gain up to 12),
 * pooled MFCC vector within 1e-3 absolute, speech bounds exact.
 */
class MfccReferenceTest {

  static final double LOG_MEL_TOLERANCE = 1e-4;
  static final double MFCC_TOLERANCE = 1e-3;

  static JsonNode reference() throws IOException {
    try (InputStream in = resource("mfcc-reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static InputStream resource(String name) {
    InputStream in = MfccReferenceTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("test resource " + name + " is missing; run"
          + " quiver-embed/src/test/python/mfcc_reference.py");
    }
    return in;
  }

  static byte[] wav(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    JsonNode configs = reference().get("configs");
    for (Iterator<String> c = configs.fieldNames(); c.hasNext(); ) {
      String config = c.next();
      for (Iterator<String> f = configs.get(config).get("files").fieldNames(); f.hasNext(); ) {
        out.add(Arguments.of(config, f.next()));
      }
    }
    return out.stream();
  }

  /** The reference's settings (the numpy Config fields) as an MfccConfig. */
  static MfccConfig config(JsonNode s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sample-rate", s.get("sample_rate").asText());
    m.put("frame-length", s.get("frame_length").asText());
    m.put("hop-length", s.get("hop_length").asText());
    m.put("fft-size", s.get("n_fft").asText());
    m.put("window", s.get("window").asText());
    m.put("pre-emphasis", s.get("pre_emphasis").asText());
    m.put("mel-bands", s.get("n_mels").asText());
    m.put("f-min", s.get("f_min").asText());
    m.put("f-max", s.get("f_max").asText());
    m.put("mel-scale", s.get("mel_scale").asText());
    m.put("mel-norm", s.get("slaney_norm").asBoolean() ? "slaney" : "none");
    m.put("log-floor", s.get("log_floor").asText());
    m.put("coefficients", s.get("n_mfcc").asText());
    m.put("lifter", s.get("lifter").asText());
    return MfccConfig.fromSettings("reference", m, MfccConfig.defaults());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void javaFeaturesMatchTheNumpyReference(String configName, String file) throws IOException {
    JsonNode cfgNode = reference().get("configs").get(configName);
    MfccConfig config = config(cfgNode.get("settings"));
    if (configName.equals("default")) {
      assertEquals(MfccConfig.defaults(), config, "the numpy defaults are Java's defaults");
    }
    JsonNode expected = cfgNode.get("files").get(file);
    MfccExtractor extractor = new MfccExtractor(config);
    DecodedAudio audio = WavDecoder.decode(wav(file), file);
    assertEquals(16_000, audio.sampleRate());
    assertEquals(expected.get("samples").asInt(), audio.samples().length);

    float[][] logMel = extractor.logMel(audio.samples());
    compare(file + " log-mel", expected.get("log_mel"), logMel, LOG_MEL_TOLERANCE);
    compare(file + " mfcc", expected.get("mfcc"), extractor.mfcc(audio.samples()), MFCC_TOLERANCE);

    int[] bounds = MfccExtractor.speechBounds(extractor.melPower(audio.samples()), 40);
    assertArrayEquals(new int[] {expected.get("speech_bounds").get(0).asInt(),
        expected.get("speech_bounds").get(1).asInt()}, bounds, file + " speech bounds");

    MfccEmbeddingModel pooled = new MfccEmbeddingModel("pooled",
        new AudioFeatures(extractor, 40, Integer.MAX_VALUE), null, null);
    float[] vector = pooled.pooled(audio.samples());
    JsonNode pooledExpected = expected.get("pooled_mfcc");
    assertEquals(pooledExpected.size(), vector.length);
    for (int i = 0; i < vector.length; i++) {
      assertEquals(pooledExpected.get(i).asDouble(), vector[i], MFCC_TOLERANCE,
          file + " pooled MFCC [" + i + "]");
    }
  }

  private static void compare(String what, JsonNode expected, float[][] actual, double tolerance) {
    assertEquals(expected.size(), actual.length, what + ": frames");
    double worst = 0;
    for (int t = 0; t < actual.length; t++) {
      JsonNode row = expected.get(t);
      assertEquals(row.size(), actual[t].length, what + ": values per frame");
      for (int k = 0; k < actual[t].length; k++) {
        double diff = Math.abs(row.get(k).asDouble() - actual[t][k]);
        worst = Math.max(worst, diff);
        if (diff > tolerance) {
          throw new AssertionError(what + " frame " + t + " [" + k + "]: expected "
              + row.get(k).asDouble() + ", got " + actual[t][k] + " (tolerance " + tolerance + ")");
        }
      }
    }
    assertTrue(worst <= tolerance);
  }
}
