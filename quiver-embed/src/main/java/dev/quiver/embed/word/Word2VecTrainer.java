package dev.quiver.embed.word;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains word vectors with skip-gram and negative sampling (Mikolov et al. 2013), following
 * word2vec.c: vocabulary by descending count after dropping words under {@code minCount};
 * subsampling of frequent words; a unigram^0.75 table for negatives; a window shrunk at random per
 * position; the learning rate decayed linearly over all epochs; lines are sentences (capped at
 * {@value #MAX_SENTENCE} words).
 *
 * <p>The corpus is read once, tokenised by {@link WordTokenizer} and kept as word ids (4 bytes per
 * token: 100 M tokens take 400 MB), so later epochs don't re-read or re-tokenise it.
 *
 * <p>Concurrency (Hogwild): {@code threads} workers each train on their own slice of the corpus and
 * update the two shared weight arrays without locks. Racing updates are sparse and lose little; this
 * is how word2vec.c trains. With one thread the result depends only on the corpus and the seed.
 */
public final class Word2VecTrainer {

  /** Training progress, reported every ~{@value #PROGRESS_WORDS} words and once at the end. */
  public record Progress(int epoch, long wordsDone, long wordsTotal, double wordsPerSecond, float alpha) {
    /** Fraction of the training done, in [0, 1]. */
    public double fraction() {
      return wordsTotal == 0 ? 1 : Math.min(1.0, (double) wordsDone / wordsTotal);
    }
  }

  /** Receives progress; called from the first training thread (never concurrently). */
  public interface ProgressListener {
    void progress(Progress progress);
  }

  static final int MAX_SENTENCE = 1000;
  static final int PROGRESS_WORDS = 10_000;
  private static final int EXP_TABLE_SIZE = 1000;
  private static final int MAX_EXP = 6;
  private static final int SEPARATOR = -1;
  /** sigmoid(x) for x in [-MAX_EXP, MAX_EXP), as word2vec.c (saves an exp per update). */
  private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];

  static {
    for (int i = 0; i < EXP_TABLE_SIZE; i++) {
      double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
      SIGMOID[i] = (float) (e / (e + 1));
    }
  }

  private final Word2VecConfig config;
  private ProgressListener listener = p -> {};

  public Word2VecTrainer(Word2VecConfig config) {
    this.config = config;
  }

  public Word2VecTrainer onProgress(ProgressListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Trains on a UTF-8 text file (gunzipped when its name ends in .gz), one sentence or paragraph a
   * line. Bytes that are not UTF-8 read as U+FFFD, which separates tokens.
   */
  public WordVectors train(Path corpus) throws IOException {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(WordVectorsReader.open(corpus), StandardCharsets.UTF_8), 1 << 16)) {
      return train(in);
    }
  }

  /** Trains on the text of {@code corpus} (read to the end, not closed). */
  public WordVectors train(Reader corpus) throws IOException {
    Corpus c = Corpus.read(corpus, config.minCount());
    if (c.words.size() == 0) {
      throw new IllegalArgumentException("no word occurs at least minCount=" + config.minCount()
          + " times in the corpus (" + c.tokens + " tokens); lower minCount or give more text");
    }
    return new Run(c).train();
  }

  /** The corpus as word ids of the pruned vocabulary, lines separated by {@link #SEPARATOR}. */
  private record Corpus(List<String> words, long[] counts, int[] ids, int length, long tokens, long trainWords) {

    static Corpus read(Reader reader, int minCount) throws IOException {
      Map<String, Integer> raw = new HashMap<>();
      List<String> rawWords = new ArrayList<>();
      long[][] rawCounts = {new long[1024]};
      int[][] stream = {new int[1 << 16]};
      int[] len = {0};
      long[] tokens = {0};
      WordTokenizer.stream(reader, token -> {
        Integer id = raw.get(token);
        if (id == null) {
          id = rawWords.size();
          raw.put(token, id);
          rawWords.add(token);
          if (id == rawCounts[0].length) {
            rawCounts[0] = Arrays.copyOf(rawCounts[0], id * 2);
          }
        }
        rawCounts[0][id]++;
        tokens[0]++;
        append(stream, len, id);
      }, () -> {
        if (len[0] > 0 && stream[0][len[0] - 1] != SEPARATOR) {
          append(stream, len, SEPARATOR);
        }
      });
      // Vocabulary: count descending, then the word, so ids don't depend on hash order.
      long[] counts = rawCounts[0];
      Integer[] order = new Integer[rawWords.size()];
      int kept = 0;
      for (int i = 0; i < order.length; i++) {
        if (counts[i] >= minCount) {
          order[kept++] = i;
        }
      }
      Integer[] sorted = Arrays.copyOf(order, kept);
      Arrays.sort(sorted, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a])
          : rawWords.get(a).compareTo(rawWords.get(b)));
      int[] remap = new int[rawWords.size()];
      Arrays.fill(remap, Integer.MIN_VALUE);
      List<String> words = new ArrayList<>(kept);
      long[] vocabCounts = new long[kept];
      long trainWords = 0;
      for (int i = 0; i < kept; i++) {
        remap[sorted[i]] = i;
        words.add(rawWords.get(sorted[i]));
        vocabCounts[i] = counts[sorted[i]];
        trainWords += vocabCounts[i];
      }
      // Drop pruned words from the stream in place.
      int[] ids = stream[0];
      int out = 0;
      for (int i = 0; i < len[0]; i++) {
        int id = ids[i] == SEPARATOR ? SEPARATOR : remap[ids[i]];
        if (id != Integer.MIN_VALUE && !(id == SEPARATOR && (out == 0 || ids[out - 1] == SEPARATOR))) {
          ids[out++] = id;
        }
      }
      return new Corpus(words, vocabCounts, ids, out, tokens[0], trainWords);
    }

    private static void append(int[][] stream, int[] len, int v) {
      if (len[0] == stream[0].length) {
        if (stream[0].length >= Integer.MAX_VALUE / 2) {
          throw new IllegalArgumentException("corpus over 2^30 tokens; train on a sample");
        }
        stream[0] = Arrays.copyOf(stream[0], stream[0].length * 2);
      }
      stream[0][len[0]++] = v;
    }
  }

  /** One training run: the weights and the state shared by its threads. */
  private final class Run {
    final Corpus corpus;
    final int dim = config.dimension();
    final int vocab;
    final float[] syn0; // input vectors: the result
    final float[] syn1neg; // output vectors for negative sampling
    final int[] table; // unigram^0.75 table
    final float[] keep; // subsampling: probability of keeping each word
    final long totalWords; // words to process across all epochs
    final AtomicLong wordsDone = new AtomicLong();
    final long startNanos = System.nanoTime();

    Run(Corpus corpus) {
      this.corpus = corpus;
      this.vocab = corpus.words.size();
      if ((long) vocab * dim > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException(vocab + " words × " + dim + " dimensions exceed one Java array;"
            + " raise minCount or lower the dimension");
      }
      this.syn0 = new float[vocab * dim];
      this.syn1neg = new float[vocab * dim];
      long r = config.seed();
      for (int i = 0; i < syn0.length; i++) {
        r = r * 25214903917L + 11;
        syn0[i] = (((r & 0xFFFF) / 65536f) - 0.5f) / dim;
      }
      this.table = unigramTable(corpus.counts);
      this.keep = new float[vocab];
      double threshold = config.sample() * corpus.trainWords;
      for (int w = 0; w < vocab; w++) {
        double cn = corpus.counts[w];
        keep[w] = config.sample() == 0 ? 1f : (float) ((Math.sqrt(cn / threshold) + 1) * threshold / cn);
      }
      this.totalWords = (long) config.epochs() * corpus.trainWords;
    }

    WordVectors train() {
      int threads = config.threads();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int id = t;
        int from = (int) ((long) corpus.length * t / threads);
        int to = (int) ((long) corpus.length * (t + 1) / threads);
        workers[t] = new Thread(() -> {
          try {
            work(id, from, to);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "word2vec-" + t);
        workers[t].start();
      }
      for (Thread w : workers) {
        try {
          w.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while training word vectors", e);
        }
      }
      if (failure.get() != null) {
        throw new IllegalStateException("word2vec training failed: " + failure.get(), failure.get());
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      listener.progress(new Progress(config.epochs(), totalWords, totalWords,
          seconds > 0 ? totalWords / seconds : 0, alpha(totalWords)));
      return new WordVectors(corpus.words, syn0, dim, corpus.counts);
    }

    float alpha(long done) {
      float start = config.alpha();
      return Math.max(start * 1e-4f, start * (1 - done / (float) (totalWords + 1)));
    }

    /** Thread {@code id}'s training over corpus positions [from, to), every epoch. */
    void work(int id, int from, int to) {
      int[] ids = corpus.ids;
      Word2VecKernels kernels = Word2VecKernels.INSTANCE;
      int window = config.window();
      int negative = config.negative();
      int[] sentence = new int[MAX_SENTENCE];
      float[] neu1e = new float[dim];
      long random = config.seed() + id;
      long localWords = 0; // words since the last report to wordsDone
      float alpha = config.alpha();
      long lastReport = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int pos = from;
        while (pos < to) {
          int len = 0;
          while (pos < to && len < MAX_SENTENCE) {
            int w = ids[pos++];
            if (w == SEPARATOR) {
              if (len > 0) {
                break;
              }
              continue;
            }
            localWords++;
            random = random * 25214903917L + 11;
            if (keep[w] < (random & 0xFFFF) / 65536f) {
              continue;
            }
            sentence[len++] = w;
          }
          if (localWords >= PROGRESS_WORDS) {
            long done = wordsDone.addAndGet(localWords);
            localWords = 0;
            alpha = alpha(done);
            if (id == 0 && done - lastReport >= PROGRESS_WORDS * 10L) {
              lastReport = done;
              double seconds = (System.nanoTime() - startNanos) / 1e9;
              listener.progress(new Progress(epoch + 1, done, totalWords, seconds > 0 ? done / seconds : 0, alpha));
            }
          }
          for (int i = 0; i < len; i++) {
            int word = sentence[i];
            random = random * 25214903917L + 11;
            int b = (int) Long.remainderUnsigned(random, window);
            for (int a = b; a < window * 2 + 1 - b; a++) {
              if (a == window) {
                continue;
              }
              int c = i - window + a;
              if (c < 0 || c >= len) {
                continue;
              }
              int l1 = sentence[c] * dim;
              Arrays.fill(neu1e, 0f);
              for (int d = 0; d <= negative; d++) {
                int target;
                int label;
                if (d == 0) {
                  target = word;
                  label = 1;
                } else {
                  random = random * 25214903917L + 11;
                  target = table[(int) ((random >>> 16) % table.length)];
                  if (target == word) {
                    continue;
                  }
                  label = 0;
                }
                int l2 = target * dim;
                float f = kernels.dot(syn0, l1, syn1neg, l2, dim);
                float g;
                if (f > MAX_EXP) {
                  g = (label - 1) * alpha;
                } else if (f < -MAX_EXP) {
                  g = label * alpha;
                } else {
                  g = (label - SIGMOID[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))]) * alpha;
                }
                kernels.axpy(g, syn1neg, l2, neu1e, 0, dim); // error to pass back to the input row
                kernels.axpy(g, syn0, l1, syn1neg, l2, dim); // learn the output row
              }
              kernels.axpy(1f, neu1e, 0, syn0, l1, dim);
            }
          }
        }
      }
      wordsDone.addAndGet(localWords);
    }
  }

  /** Word ids repeated in proportion to count^0.75: a uniform draw from it is a negative sample. */
  static int[] unigramTable(long[] counts) {
    int size = (int) Math.min(10_000_000L, Math.max(1_000_000L, counts.length * 100L));
    int[] table = new int[size];
    double total = 0;
    for (long c : counts) {
      total += Math.pow(c, 0.75);
    }
    int w = 0;
    double cumulative = Math.pow(counts[0], 0.75) / total;
    for (int a = 0; a < size; a++) {
      table[a] = w;
      if (a / (double) size > cumulative && w < counts.length - 1) {
        w++;
        cumulative += Math.pow(counts[w], 0.75) / total;
      }
    }
    return table;
  }
}
