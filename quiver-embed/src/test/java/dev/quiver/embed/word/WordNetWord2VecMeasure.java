package dev.quiver.embed.word;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures on a real corpus, run by hand (too slow for the suite): WordNet's glosses and examples
 * from the shared data as training text.
 * {@code mvn -pl quiver-embed test-compile surefire:test@default-test -Dtest=WordNetWord2VecMeasure
 * -Dquiver.word2vec.wordnet=true}
 */
@EnabledIfSystemProperty(named = "quiver.word2vec.wordnet", matches = "true")
class WordNetWord2VecMeasure {

  @TempDir Path dir;

  @Test
  void trainOnWordNetGlosses() throws Exception {
    Path data = Path.of(System.getProperty("quiver.data.dir", "../shared/data"), "wordnet/synsets.jsonl.gz");
    Path corpus = dir.resolve("glosses.txt");
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(corpus)) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode s = json.readTree(line);
        out.write(s.get("definition").asText());
        out.write('\n');
        for (JsonNode e : s.path("examples")) {
          out.write(e.asText());
          out.write('\n');
        }
      }
    }
    int threads = Integer.getInteger("threads", 2);
    Word2VecConfig cfg = Word2VecConfig.defaults().withThreads(threads).withEpochs(Integer.getInteger("epochs", 5));
    long t0 = System.nanoTime();
    Word2VecTrainer.Progress[] last = new Word2VecTrainer.Progress[1];
    WordVectors v = new Word2VecTrainer(cfg).onProgress(p -> last[0] = p).train(corpus);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("kernels %s; corpus %.1f MB, vocabulary %d, %d words x %d epochs in %.1f s (%.0f words/s, %d threads)%n", Word2VecKernels.INSTANCE.name(),
        Files.size(corpus) / 1e6, v.size(), last[0].wordsTotal() / cfg.epochs(), cfg.epochs(), s,
        last[0].wordsPerSecond(), threads);
    long t1 = System.nanoTime();
    WordSearcher exact = WordSearcher.exact(v);
    System.out.printf("flat index %.1f s%n", (System.nanoTime() - t1) / 1e9);
    for (String w : List.of("dog", "red", "river", "king", "music", "run", "money", "france", "doctor")) {
      if (v.contains(w)) {
        System.out.println(w + " -> " + exact.nearest(w, 8));
      }
    }
    System.out.println("king - man + woman -> " + exact.analogy("king", "man", "woman", 5));
    System.out.println("paris - france + italy -> " + (v.contains("paris") && v.contains("italy")
        ? exact.analogy("paris", "france", "italy", 5) : "n/a"));
    long t2 = System.nanoTime();
    WordSearcher hnsw = WordSearcher.hnsw(v, dev.quiver.core.index.HnswConfig.defaults(), threads);
    System.out.printf("hnsw index over %d words %.1f s%n", v.size(), (System.nanoTime() - t2) / 1e9);
    int agree = 0;
    for (int id = 0; id < 1000; id++) {
      List<String> a = exact.nearest(v.word(id * 7 % v.size()), 10).stream().map(WordHit::word).toList();
      agree += (int) hnsw.nearest(v.word(id * 7 % v.size()), 10).stream().filter(h -> a.contains(h.word())).count();
    }
    System.out.printf("hnsw recall@10 vs exact over 1000 words: %.3f%n", agree / 10000.0);
  }

  @Test
  void readAndWriteSpeed() throws Exception {
    WordVectors v = WordVectorsIoTest.random(200_000, 300, 9);
    for (WordVectorsFormat f : WordVectorsFormat.values()) {
      Path file = dir.resolve("big." + f);
      long t0 = System.nanoTime();
      v.save(file, f);
      long t1 = System.nanoTime();
      WordVectors back = WordVectors.load(file);
      long t2 = System.nanoTime();
      System.out.printf("%s: 200k x 300, %.0f MB, write %.1f s, read %.1f s (%d words)%n", f, Files.size(file) / 1e6,
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, back.size());
    }
  }
}
