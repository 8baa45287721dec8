package dev.quiver.bench.embed;

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

/**
 * The texts both engines embed: WordNet definitions and usage examples (a few words to a long
 * sentence), with every tenth text a paragraph of several consecutive definitions (100–300 tokens),
 * so that batches see the length spread of real documents. Deterministic for a given count. Without
 * the shared data, sentences generated from word lists with the same length mix.
 */
final class EmbedSentences {

  private EmbedSentences() {}

  private static final Pattern DEFINITION =
      Pattern.compile("\"definition\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern EXAMPLE =
      Pattern.compile("\"examples\":\\s*\\[\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  static List<String> load(Path dataDir, int count) throws IOException {
    Path file = dataDir.resolve("wordnet").resolve("synsets.jsonl.gz");
    List<String> pool = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        int n = 0;
        // Every 7th synset spreads the texts over all parts of speech and categories.
        while ((line = in.readLine()) != null && pool.size() < count * 3) {
          if (n++ % 7 != 0) {
            continue;
          }
          Matcher d = DEFINITION.matcher(line);
          if (d.find()) {
            pool.add(unescape(d.group(1)));
          }
          Matcher e = EXAMPLE.matcher(line);
          if (e.find()) {
            pool.add(unescape(e.group(1)));
          }
        }
      }
    } else {
      pool.addAll(generated(count * 3));
    }
    List<String> out = new ArrayList<>(count);
    Random r = new Random(20_261_123L);
    int next = 0;
    for (int i = 0; i < count; i++) {
      if (i % 10 == 9) {
        int parts = 4 + r.nextInt(9);
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts; p++) {
          sb.append(p == 0 ? "" : ". ").append(pool.get(next++ % pool.size()));
        }
        out.add(sb.append('.').toString());
      } else {
        out.add(pool.get(next++ % pool.size()));
      }
    }
    return out;
  }

  private static String unescape(String json) {
    return json.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static List<String> generated(int n) {
    String[] words = ("the a river mountain quickly slowly bright dark engine music garden theory "
        + "ancient modern child teacher storm harbour bread silver glass window library festival "
        + "winter summer coffee market bridge island forest question answer sings runs builds "
        + "paints measures carries forgets remembers").split(" ");
    Random r = new Random(7);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = 3 + r.nextInt(25);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < len; w++) {
        sb.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }
}
