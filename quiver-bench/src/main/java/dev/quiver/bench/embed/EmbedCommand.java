package dev.quiver.bench.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.quiver.embed.onnx.BuiltinOnnxModel;
import dev.quiver.embed.onnx.OnnxModelConfig;
import dev.quiver.embed.onnx.OnnxSentenceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench embed}: sentences per second of Quiver's ONNX sentence models against LangChain4j's
 * in-process model classes, on the same ONNX file, the same texts and the same number of threads,
 * in one JVM. Each side is warmed up, then the text list is embedded in calls of {@code --chunk}
 * texts, the engines taking turns chunk by chunk; the best round counts.
 *
 * <p>Quiver tokenizes a call's texts, sorts them by length and runs padded batches on one session,
 * {@code --threads} batches at once with one intra-op thread each (or as the options say). LangChain4j embeds text by text on an executor of
 * {@code --threads} threads (its session keeps ONNX Runtime's default thread pool, as that class
 * offers no setting for it).
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = {"Text embedding throughput: Quiver's ONNX models vs LangChain4j's model classes"
        + " (same ONNX file, texts and threads)."})
public final class EmbedCommand implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "all-MiniLM-L6-v2",
      description = "all-MiniLM-L6-v2, bge-small-en-v1.5 or all. Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--sentences", defaultValue = "3000",
      description = "Texts embedded per round. Default: ${DEFAULT-VALUE}.")
  int sentences;

  @Option(names = "--threads", defaultValue = "2",
      description = "Threads for both engines. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--batch-size", defaultValue = "" + OnnxModelConfig.DEFAULT_BATCH_SIZE,
      description = "Quiver's texts per ONNX Runtime call. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--intra-op-threads", defaultValue = "1",
      description = "Quiver's ONNX Runtime intra-op threads per batch. Default: ${DEFAULT-VALUE}.")
  int intraOpThreads;

  @Option(names = "--concurrent-batches", defaultValue = "0",
      description = "Quiver's batches at once; 0 = --threads ÷ --intra-op-threads."
          + " Default: ${DEFAULT-VALUE}.")
  int concurrentBatches;

  @Option(names = "--max-length", defaultValue = "0",
      description = "Quiver's truncation in tokens; 0 = the same as LangChain4j's: 128 for"
          + " all-MiniLM-L6-v2 (its tokenizer.json truncates there and LangChain4j keeps that),"
          + " 512 for bge-small-en-v1.5. Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Timed rounds per engine (best counts). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--chunk", defaultValue = "500",
      description = "Texts per embed call (engines alternate chunk by chunk). Default: ${DEFAULT-VALUE}.")
  int chunk;

  @Option(names = "--warmup", defaultValue = "300",
      description = "Texts embedded by each engine before timing. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--out", description = "Markdown and JSON go here (default: -Dquiver.bench.out"
      + " or ./bench-results).")
  Path out;

  /**
   * all-MiniLM-L6-v2's tokenizer.json (as shipped in the LangChain4j jar) sets truncation at 128
   * tokens and LangChain4j's tokenizer options do not lift it, so its MiniLM never sees more than
   * 128 tokens. Same work on both sides means Quiver truncates there too in this benchmark.
   */
  static final int LANGCHAIN4J_MINILM_TOKENS = 128;

  record Row(String model, String engine, int texts, double seconds, double perSecond,
      double cpuSeconds) {}

  /** CPU time of the whole process (Java and native threads: ONNX Runtime's pool included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  @Override
  public Integer call() throws Exception {
    List<BuiltinOnnxModel> models = new ArrayList<>();
    if (model.equalsIgnoreCase("all")) {
      models.addAll(List.of(BuiltinOnnxModel.values()));
    } else {
      BuiltinOnnxModel m = BuiltinOnnxModel.byName(model);
      if (m == null) {
        throw new IllegalArgumentException("--model " + model
            + ": expected all-MiniLM-L6-v2, bge-small-en-v1.5 or all");
      }
      models.add(m);
    }
    Path dataDir = Path.of(System.getProperty("quiver.data.dir", "../shared/data"));
    List<String> texts = EmbedSentences.load(dataDir, sentences);
    long chars = 0;
    for (String t : texts) {
      chars += t.length();
    }
    System.err.printf(Locale.ROOT, "%d texts, %.0f characters on average, %d threads%n",
        texts.size(), (double) chars / texts.size(), threads);
    List<Row> rows = new ArrayList<>();
    List<String> ratios = new ArrayList<>();
    for (BuiltinOnnxModel builtin : models) {
      double quiver;
      double langchain;
      double minCosine;
      double cpuRatio;
      int tokens = maxLength > 0 ? maxLength
          : builtin == BuiltinOnnxModel.ALL_MINILM_L6_V2 ? LANGCHAIN4J_MINILM_TOKENS
          : OnnxModelConfig.DEFAULT_MAX_LENGTH;
      int concurrent = concurrentBatches > 0 ? concurrentBatches
          : Math.max(1, threads / intraOpThreads);
      OnnxModelConfig config = builtin.defaultConfig().withIntraOpThreads(intraOpThreads)
          .withConcurrentBatches(concurrent).withBatchSize(batchSize).withMaxLength(tokens);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try (OnnxSentenceModel ours = builtin.load(config)) {
        EmbeddingModel theirs = builtin == BuiltinOnnxModel.ALL_MINILM_L6_V2
            ? new AllMiniLmL6V2EmbeddingModel(pool) : new BgeSmallEnV15EmbeddingModel(pool);
        List<String> warm = texts.subList(0, Math.min(warmup, texts.size()));
        ours.embed(warm);
        theirs.embedAll(segments(warm));
        double bestOurs = Double.MAX_VALUE;
        double bestTheirs = Double.MAX_VALUE;
        double cpuOurs = Double.MAX_VALUE;
        double cpuTheirs = Double.MAX_VALUE;
        List<float[]> ourVectors = null;
        List<Embedding> theirVectors = null;
        // The texts go in chunks of --chunk (one embed call each, as an ingestion pipeline would
        // send them), alternating engines chunk by chunk, and which goes first, so that a busy
        // stretch of a shared machine lands on both.
        for (int round = 0; round < rounds; round++) {
          long oursNanos = 0;
          long theirsNanos = 0;
          long oursCpu = 0;
          long theirsCpu = 0;
          ourVectors = new ArrayList<>(texts.size());
          theirVectors = new ArrayList<>(texts.size());
          for (int from = 0, c = 0; from < texts.size(); from += chunk, c++) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + chunk));
            List<TextSegment> partSegments = segments(part);
            for (int turn = 0; turn < 2; turn++) {
              long t0 = System.nanoTime();
              long cpu0 = processCpuNanos();
              if ((turn + c + round) % 2 == 0) {
                ourVectors.addAll(ours.embed(part));
                oursNanos += System.nanoTime() - t0;
                oursCpu += processCpuNanos() - cpu0;
              } else {
                theirVectors.addAll(theirs.embedAll(partSegments).content());
                theirsNanos += System.nanoTime() - t0;
                theirsCpu += processCpuNanos() - cpu0;
              }
            }
          }
          bestOurs = Math.min(bestOurs, oursNanos / 1e9);
          bestTheirs = Math.min(bestTheirs, theirsNanos / 1e9);
          cpuOurs = Math.min(cpuOurs, oursCpu / 1e9);
          cpuTheirs = Math.min(cpuTheirs, theirsCpu / 1e9);
          System.err.printf(Locale.ROOT,
              "%s round %d: quiver %.2f s (cpu %.2f s), langchain4j %.2f s (cpu %.2f s)%n",
              builtin.modelName(), round + 1, oursNanos / 1e9, oursCpu / 1e9, theirsNanos / 1e9,
              theirsCpu / 1e9);
        }
        minCosine = minCosine(ourVectors, theirVectors, texts, ours);
        quiver = texts.size() / bestOurs;
        langchain = texts.size() / bestTheirs;
        rows.add(new Row(builtin.modelName(), "quiver (batches of " + batchSize
            + ", length-sorted, " + concurrent + " at once × " + intraOpThreads + " intra-op, "
            + tokens + " tokens)",
            texts.size(), bestOurs, quiver, cpuOurs));
        rows.add(new Row(builtin.modelName(), "langchain4j " + langchain4jVersion(), texts.size(),
            bestTheirs, langchain, cpuTheirs));
        cpuRatio = cpuTheirs / cpuOurs;
      } finally {
        pool.shutdown();
      }
      ratios.add(String.format(Locale.ROOT, "| %s | **%.2f×** | %.2f× | %.5f |",
          builtin.modelName(), quiver / langchain, cpuRatio, minCosine));
    }
    String markdown = markdown(rows, ratios, texts.size());
    System.out.println();
    System.out.print(markdown);
    Path dir = out != null ? out : Path.of(System.getProperty("quiver.bench.out", "bench-results"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("embed.md"), markdown, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("embed.json"), json(rows), StandardCharsets.UTF_8);
    System.err.println("wrote " + dir.toAbsolutePath().resolve("embed.md") + " and embed.json");
    return 0;
  }

  /**
   * Smallest cosine between the two engines' vectors over texts that both see whole or cut at the
   * same place (LangChain4j splits texts past 510 word pieces and averages the parts).
   */
  private static double minCosine(List<float[]> ours, List<Embedding> theirs, List<String> texts,
      OnnxSentenceModel model) {
    double min = 1;
    for (int i = 0; i < ours.size(); i++) {
      if (texts.get(i).length() > 1500 && model.config().maxLength() > LANGCHAIN4J_MINILM_TOKENS) {
        continue;
      }
      float[] a = ours.get(i);
      float[] b = theirs.get(i).vector();
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int j = 0; j < a.length; j++) {
        dot += (double) a[j] * b[j];
        na += (double) a[j] * a[j];
        nb += (double) b[j] * b[j];
      }
      min = Math.min(min, dot / Math.sqrt(na * nb));
    }
    return min;
  }

  private static List<TextSegment> segments(List<String> texts) {
    List<TextSegment> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(TextSegment.from(t));
    }
    return out;
  }

  private static String langchain4jVersion() {
    Package p = AllMiniLmL6V2EmbeddingModel.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v != null ? v : "1.20.0-beta30";
  }

  private String markdown(List<Row> rows, List<String> ratios, int n) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Text embeddings: %d texts, %d threads, %s, JDK %s%n%n", n,
        threads, System.getProperty("os.arch"), Runtime.version().feature()));
    sb.append("| model | engine | texts | best s | texts/s | best CPU s |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %,.0f | %.2f |%n", r.model(),
          r.engine(), r.texts(), r.seconds(), r.perSecond(), r.cpuSeconds()));
    }
    sb.append("\n| model | Quiver ÷ LangChain4j (texts/s) | LangChain4j ÷ Quiver (CPU s) |"
        + " min cosine between them |\n|---|---:|---:|---:|\n");
    for (String r : ratios) {
      sb.append(r).append('\n');
    }
    return sb.toString();
  }

  private static String json(List<Row> rows) {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(String.format(Locale.ROOT,
          "  {\"model\": \"%s\", \"engine\": \"%s\", \"texts\": %d, \"seconds\": %.4f,"
              + " \"textsPerSecond\": %.2f, \"cpuSeconds\": %.4f}%s%n",
          r.model(), r.engine(), r.texts(), r.seconds(), r.perSecond(), r.cpuSeconds(),
          i + 1 < rows.size() ? "," : ""));
    }
    return sb.append("]\n").toString();
  }
}
