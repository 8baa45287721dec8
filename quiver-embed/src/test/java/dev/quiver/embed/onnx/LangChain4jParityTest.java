package dev.quiver.embed.onnx;

import static dev.quiver.embed.onnx.SharedModels.cosine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quiver's vectors against LangChain4j's own model classes on the same ONNX files. */
class LangChain4jParityTest {

  static final List<String> SENTENCES = List.of(
      "The cat sat on the mat.",
      "A quick brown fox jumps over the lazy dog.",
      "Vector databases store embeddings for similarity search.",
      "What is the capital of France?",
      "Paris is the capital and most populous city of France.",
      "I love eating pizza with extra cheese on Friday nights.",
      "The stock market fell sharply after the announcement.",
      "Photosynthesis converts light energy into chemical energy in plants.",
      "She played the violin beautifully at the concert last night.",
      "Quantum computers use qubits, which can be in superposition.",
      "Don't forget to bring your umbrella—it's going to rain!",
      "Café au lait, naïve résumé, and jalapeño façades.",
      "HNSW graphs give logarithmic search time in practice.",
      "The meeting was postponed until next Tuesday at 3 p.m.",
      "Machine learning models can be biased by their training data.",
      "The Great Wall of China is visible from low Earth orbit, some claim.",
      "He ordered a double espresso and a croissant.",
      "Rust and Java are both used for systems that need high reliability and speed in production.",
      "Climate change affects sea levels, weather patterns, and biodiversity across the globe, "
          + "and scientists continue to measure how quickly the polar ice is melting each year.",
      "ok",
      "東京は日本の首都です。");

  @Test
  void allMiniLmMatchesLangChain4j() {
    compare(SharedModels.minilm(), new AllMiniLmL6V2EmbeddingModel());
  }

  @Test
  void bgeSmallMatchesLangChain4j() {
    compare(SharedModels.bge(), new BgeSmallEnV15EmbeddingModel());
  }

  private static void compare(OnnxSentenceModel quiver, EmbeddingModel reference) {
    List<float[]> ours = quiver.embed(SENTENCES);
    List<TextSegment> segments = new ArrayList<>();
    for (String s : SENTENCES) {
      segments.add(TextSegment.from(s));
    }
    var theirs = reference.embedAll(segments).content();
    assertEquals(SENTENCES.size(), theirs.size());
    assertEquals(reference.dimension(), quiver.dimension());
    for (int i = 0; i < SENTENCES.size(); i++) {
      double c = cosine(ours.get(i), theirs.get(i).vector());
      assertTrue(c >= 0.999, quiver.name() + " sentence " + i + " '" + SENTENCES.get(i)
          + "' cosine " + c);
    }
  }
}
