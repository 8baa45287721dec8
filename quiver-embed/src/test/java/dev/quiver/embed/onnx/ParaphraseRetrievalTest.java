package dev.quiver.embed.onnx;

import static dev.quiver.embed.onnx.SharedModels.cosine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** A paraphrased query finds its source sentence first among hundreds of distractors. */
class ParaphraseRetrievalTest {

  static final String[][] PAIRS = {
      {"The chef baked a chocolate cake for her daughter's birthday party.",
          "a cook made a chocolate dessert for a child's birthday celebration"},
      {"Heavy rain flooded the streets of the city overnight.",
          "the town's roads were under water after a night of downpours"},
      {"The company reported record profits in the third quarter.",
          "the firm earned more money than ever before in Q3"},
      {"He repaired the broken bicycle wheel in his garage.",
          "a man fixed his bike's damaged wheel at home"},
      {"Astronomers discovered a new planet orbiting a distant star.",
          "scientists found another planet circling a faraway sun"},
  };

  @Test
  void miniLmFindsTheSourceFirst() throws IOException {
    check(SharedModels.minilm());
  }

  @Test
  void bgeFindsTheSourceFirstWithItsQueryInstruction() throws IOException {
    check(SharedModels.bge());
  }

  private static void check(OnnxSentenceModel model) throws IOException {
    List<String> corpus = new ArrayList<>(distractors());
    assertTrue(corpus.size() >= 200, "distractors: " + corpus.size());
    int firstSource = corpus.size();
    for (String[] pair : PAIRS) {
      corpus.add(pair[0]);
    }
    List<float[]> docs = model.embed(corpus);
    List<String> queries = new ArrayList<>();
    for (String[] pair : PAIRS) {
      queries.add(pair[1]);
    }
    List<float[]> qs = model.embedQueries(queries);
    for (int p = 0; p < PAIRS.length; p++) {
      int best = -1;
      double bestScore = -2;
      for (int d = 0; d < docs.size(); d++) {
        double s = cosine(qs.get(p), docs.get(d));
        if (s > bestScore) {
          bestScore = s;
          best = d;
        }
      }
      assertEquals(firstSource + p, best, model.name() + ": query '" + PAIRS[p][1]
          + "' found '" + corpus.get(best) + "' (" + bestScore + ") instead of its source among "
          + docs.size());
    }
  }

  private static final Pattern DEFINITION =
      Pattern.compile("\"definition\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * Every 400th WordNet definition (~290 real sentences on every topic), or, without the shared
   * data, 300 sentences generated from word lists.
   */
  static List<String> distractors() throws IOException {
    Path file = Path.of(System.getProperty("quiver.data.dir", "../../shared/data"),
        "wordnet", "synsets.jsonl.gz");
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
          if (n++ % 400 == 0) {
            Matcher m = DEFINITION.matcher(line);
            if (m.find()) {
              out.add(m.group(1).replace("\\\"", "\""));
            }
          }
        }
      }
      return out;
    }
    String[] subjects = {"The farmer", "A student", "My neighbour", "The old sailor", "Our teacher",
        "The engineer", "A tourist", "The doctor", "Her brother", "The mayor"};
    String[] verbs = {"painted", "sold", "borrowed", "described", "photographed", "cleaned",
        "ignored", "measured", "carried", "found"};
    String[] objects = {"a wooden fence", "the red tractor", "an old map", "the quiet library",
        "a basket of apples", "the harbour lights", "a broken clock", "the mountain trail",
        "a violin case", "the school garden"};
    String[] times = {"on Monday", "at dawn", "last winter", "before lunch", "during the festival"};
    Random r = new Random(42);
    for (int i = 0; i < 300; i++) {
      out.add(subjects[r.nextInt(subjects.length)] + " " + verbs[r.nextInt(verbs.length)] + " "
          + objects[r.nextInt(objects.length)] + " " + times[r.nextInt(times.length)] + ".");
    }
    return out;
  }
}
