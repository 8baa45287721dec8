package dev.quiver.embed.word;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.core.vector.VectorMath;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Word2VecTrainerTest {

  @TempDir static Path dir;
  static Path corpus;
  static WordVectors trained;
  static List<Word2VecTrainer.Progress> progress = new ArrayList<>();

  static final Word2VecConfig CONFIG = Word2VecConfig.defaults().withDimension(40).withWindow(4)
      .withEpochs(3).withThreads(2).withSeed(11);

  @BeforeAll
  static void train() throws Exception {
    corpus = SyntheticCorpus.write(dir.resolve("corpus.txt"), 3_000_000, 1);
    trained = new Word2VecTrainer(CONFIG).onProgress(progress::add).train(corpus);
  }

  @Test
  void vocabularyIsByFrequencyAndProgressIsReported() throws Exception {
    assertEquals("the", trained.word(0), "the most frequent word has id 0");
    for (int id = 1; id < trained.size(); id++) {
      assertTrue(trained.count(id - 1) >= trained.count(id));
    }
    assertEquals(40, trained.dimension());
    assertFalse(progress.isEmpty());
    Word2VecTrainer.Progress last = progress.get(progress.size() - 1);
    assertEquals(1.0, last.fraction(), 1e-9);
    assertTrue(last.wordsPerSecond() > 0);
    System.out.printf("word2vec: %d words, %d tokens x %d epochs, %.0f words/s on %d threads%n",
        trained.size(), last.wordsTotal() / CONFIG.epochs(), CONFIG.epochs(), last.wordsPerSecond(),
        CONFIG.threads());
  }

  @Test
  void wordsNeighboursAreMostlyFromTheirOwnClass() {
    WordSearcher s = WordSearcher.exact(trained);
    int same = 0;
    int total = 0;
    for (Map.Entry<String, List<String>> c : SyntheticCorpus.CLASSES.entrySet()) {
      int classSame = 0;
      for (String w : c.getValue()) {
        List<WordHit> hits = s.nearest(w, 5);
        for (WordHit h : hits) {
          classSame += c.getValue().contains(h.word()) ? 1 : 0;
        }
      }
      System.out.printf("%s: %d/%d of top-5 neighbours in class; e.g. %s -> %s%n", c.getKey(), classSame,
          5 * c.getValue().size(), c.getValue().get(0), s.nearest(c.getValue().get(0), 5));
      same += classSame;
      total += 5 * c.getValue().size();
    }
    assertTrue(same >= total * 0.6, "neighbours in class: " + same + "/" + total);
  }

  @Test
  void singularToPluralAnalogyHolds() {
    WordSearcher s = WordSearcher.exact(trained);
    int top1 = 0;
    int pairs = 0;
    List<String> sing = SyntheticCorpus.ANIMALS;
    List<String> plur = SyntheticCorpus.PLURALS;
    for (int i = 0; i < sing.size(); i++) {
      for (int j = 0; j < sing.size(); j++) {
        if (i != j) {
          // dogs - dog + cat = cats
          List<WordHit> hits = s.analogy(plur.get(i), sing.get(i), sing.get(j), 1);
          top1 += hits.get(0).word().equals(plur.get(j)) ? 1 : 0;
          pairs++;
        }
      }
    }
    System.out.printf("analogy dogs - dog + cat: %d/%d top-1; %s%n", top1, pairs, s.analogy("dogs", "dog", "cat", 3));
    assertTrue(top1 >= pairs * 0.7, "top-1 analogies " + top1 + "/" + pairs);
  }

  @Test
  void averagedVectorsRankSentencesByTopic() throws Exception {
    Path file = dir.resolve("trained.bin");
    trained.save(file, WordVectorsFormat.WORD2VEC_BINARY);
    AverageWordEmbeddingModel m = AverageWordEmbeddingModel.sif("w2v-avg", WordVectors.load(file));
    float[] q = m.embed("a loyal dog eats the bread");
    float animal = VectorMath.get().dot(q, m.embed("many fluffy cats like the cheese"));
    float vehicle = VectorMath.get().dot(q, m.embed("the doctor drives the truck"));
    assertTrue(animal > vehicle, animal + " vs " + vehicle);
  }

  @Test
  void oneThreadWithASeedIsDeterministic() throws Exception {
    Path small = SyntheticCorpus.write(dir.resolve("small.txt"), 100_000, 2);
    Word2VecConfig c = Word2VecConfig.defaults().withDimension(16).withEpochs(1).withThreads(1).withSeed(5);
    WordVectors a = new Word2VecTrainer(c).train(small);
    WordVectors b = new Word2VecTrainer(c).train(small);
    WordVectors other = new Word2VecTrainer(c.withSeed(6)).train(small);
    assertEquals(a.words(), b.words());
    for (int id = 0; id < a.size(); id++) {
      assertArrayEquals(a.vector(id), b.vector(id));
    }
    assertFalse(java.util.Arrays.equals(a.vector(0), other.vector(0)));
  }

  @Test
  void rareWordsAreDroppedAndAnEmptyVocabularyIsAClearError() throws Exception {
    WordVectors v = new Word2VecTrainer(Word2VecConfig.defaults().withDimension(8).withMinCount(2)
        .withThreads(1)).train(new StringReader("a b a b a c\nb a"));
    assertEquals(List.of("a", "b"), v.words());
    Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'a', ' ', 'c', 'a', 'f', (byte) 0xE9, ' ', 'a'});
    assertEquals(List.of("a"), new Word2VecTrainer(Word2VecConfig.defaults().withDimension(4).withMinCount(2)
        .withThreads(1)).train(latin1).words(), "stray bytes don't stop training");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Word2VecTrainer(Word2VecConfig.defaults()).train(new StringReader("one two three")));
    assertTrue(e.getMessage().contains("minCount=5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Word2VecConfig.defaults().withWindow(0));
    assertTrue(Files.size(corpus) >= 3_000_000);
  }
}
