package dev.quiver.embed.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.vector.Metric;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BERT-style sentence-transformer exported to ONNX, run in-process on ONNX Runtime with the
 * HuggingFace tokenizer described by its {@code tokenizer.json}.
 *
 * <p>One {@link #embed(List)} call tokenizes every text (truncated to {@code maxLength}), sorts the
 * texts by token count, and runs batches of similar length, each padded only to its own longest
 * text; the vectors come back in the caller's order. Padding is masked out by the attention mask and
 * by the pooling, so a text's vector does not depend on its batch neighbours (up to float rounding).
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokenizer may be used by many threads at once. The
 * read/write lock only keeps {@link #close()} from freeing native memory under a running call.
 */
public final class OnnxSentenceModel implements EmbeddingModel {

  /**
   * Most padded tokens in one batch. Attention memory grows with batch × length², so a batch of
   * long texts holds fewer texts than {@code batchSize} (8 texts at 512 tokens, ~100 MB of scores).
   */
  static final int MAX_BATCH_TOKENS = 4096;

  private final OnnxModelConfig config;
  private final String version;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean needsTokenTypes;
  private final String outputName;
  private final int dimension;
  private final long padId;
  /** Helpers for concurrent batches (the calling thread is the first worker); null when 1. */
  private final ExecutorService batchWorkers;
  /** Read-held by every embedding call, write-held by close(). */
  private final ModelLifecycle lifecycle;

  private OnnxSentenceModel(OnnxModelConfig config, byte[] onnx, byte[] tokenizerJson)
      throws OrtException, IOException {
    this.config = config;
    this.version = versionOf(config, onnx, tokenizerJson);
    this.lifecycle = new ModelLifecycle("embedding model '" + config.name() + "'");
    this.env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    OrtSession created = null;
    try {
      options.setIntraOpNumThreads(config.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      created = env.createSession(onnx, options);
      Set<String> inputs = created.getInputNames();
      for (String required : List.of("input_ids", "attention_mask")) {
        if (!inputs.contains(required)) {
          throw new IllegalArgumentException("embedding model '" + config.name()
              + "': the ONNX graph has inputs " + inputs + ", expected input_ids and attention_mask");
        }
      }
      this.needsTokenTypes = inputs.contains("token_type_ids");
      Map<String, NodeInfo> outputs = created.getOutputInfo();
      String out = outputs.containsKey("last_hidden_state")
          ? "last_hidden_state" : outputs.keySet().iterator().next();
      long[] shape = ((TensorInfo) outputs.get(out).getInfo()).getShape();
      if (shape.length != 3 || shape[2] <= 0) {
        throw new IllegalArgumentException("embedding model '" + config.name() + "': output '" + out
            + "' has shape " + Arrays.toString(shape) + ", expected [batch, tokens, dimension]");
      }
      this.outputName = out;
      this.dimension = (int) shape[2];
      this.session = created;
      created = null;
    } finally {
      options.close();
      if (created != null) {
        created.close();
      }
    }
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
          Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
              "maxLength", Integer.toString(config.maxLength()), "modelMaxLength",
              Integer.toString(config.maxLength())));
    } catch (RuntimeException | IOException e) {
      session.close();
      throw e;
    }
    long pad = 0;
    try {
      Encoding probe = tokenizer.encode("[PAD]", false, false);
      if (probe.getIds().length == 1) {
        pad = probe.getIds()[0];
      }
    } catch (RuntimeException ignored) {
      // no [PAD] token: padded positions are masked out anyway, id 0 is as good as any
    }
    this.padId = pad;
    if (config.concurrentBatches() > 1) {
      AtomicInteger seq = new AtomicInteger();
      this.batchWorkers = Executors.newFixedThreadPool(config.concurrentBatches() - 1, r -> {
        Thread t = new Thread(r, "quiver-embed-" + config.name() + "-" + seq.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.batchWorkers = null;
    }
  }

  /** Loads a model from an ONNX file and a HuggingFace {@code tokenizer.json}. */
  public static OnnxSentenceModel fromFiles(OnnxModelConfig config, Path onnxFile,
      Path tokenizerFile) {
    byte[] onnx;
    byte[] tokenizer;
    try {
      onnx = Files.readAllBytes(onnxFile);
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + config.name() + "': cannot read model file "
          + onnxFile + ": " + e.getMessage(), e);
    }
    try {
      tokenizer = Files.readAllBytes(tokenizerFile);
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + config.name()
          + "': cannot read tokenizer file " + tokenizerFile + ": " + e.getMessage(), e);
    }
    return fromBytes(config, onnx, tokenizer);
  }

  /** Loads a model from the bytes of an ONNX graph and of a {@code tokenizer.json}. */
  public static OnnxSentenceModel fromBytes(OnnxModelConfig config, byte[] onnx,
      byte[] tokenizerJson) {
    Objects.requireNonNull(config, "config");
    try {
      return new OnnxSentenceModel(config, onnx, tokenizerJson);
    } catch (OrtException e) {
      throw new IllegalArgumentException("embedding model '" + config.name()
          + "': ONNX Runtime cannot load the model: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
          && iae.getMessage().startsWith("embedding model")) {
        throw iae;
      }
      throw new IllegalArgumentException("embedding model '" + config.name()
          + "': cannot load the tokenizer (expected a HuggingFace tokenizer.json): " + e.getMessage(),
          e);
    }
  }

  /**
   * Hash of everything that decides which vector a text gets: weights, tokenizer, pooling,
   * normalisation, truncation length and query instruction. Batch size and threads are not in it.
   */
  static String versionOf(OnnxModelConfig config, byte[] onnx, byte[] tokenizerJson) {
    return ModelVersions.of("onnx-" + config.pooling().configName() + "-", onnx, tokenizerJson,
        "\0pooling=" + config.pooling().configName() + "\0normalize=" + config.normalize()
        + "\0maxLength=" + config.maxLength() + "\0queryPrefix=" + config.queryPrefix());
  }

  public OnnxModelConfig config() {
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public boolean normalized() {
    return config.normalize();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return run(texts, "");
  }

  @Override
  public List<float[]> embedQueries(List<String> queries) {
    return run(queries, config.queryPrefix());
  }

  /** Token ids of one text as the model sees it ({@code [CLS]} … {@code [SEP]}, truncated). */
  public long[] tokenIds(String text) {
    return encode(List.of(text), "")[0];
  }

  private long[][] encode(List<String> texts, String prefix) {
    String[] input = new String[texts.size()];
    for (int i = 0; i < input.length; i++) {
      String text = texts.get(i);
      if (text == null) {
        throw new IllegalArgumentException("text " + i + " is null");
      }
      input[i] = prefix.isEmpty() ? text : prefix + text;
    }
    long[][] ids = new long[input.length][];
    if (input.length == 1) {
      ids[0] = tokenizer.encode(input[0]).getIds();
    } else if (input.length > 1) {
      Encoding[] encodings = tokenizer.batchEncode(input);
      for (int i = 0; i < ids.length; i++) {
        ids[i] = encodings[i].getIds();
      }
    }
    return ids;
  }

  private List<float[]> run(List<String> texts, String prefix) {
    Objects.requireNonNull(texts, "texts");
    return lifecycle.use(() -> {
      int n = texts.size();
      float[][] out = new float[n][];
      if (n == 0) {
        return List.of();
      }
      long[][] ids = encode(texts, prefix);
      // Shortest first, so each batch pads to a length close to all of its texts.
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
      List<int[]> batches = new ArrayList<>();
      int start = 0;
      while (start < n) {
        int end = start + 1;
        while (end < n && end - start < config.batchSize()
            && (long) (end - start + 1) * ids[order[end]].length <= MAX_BATCH_TOKENS) {
          end++;
        }
        batches.add(new int[] {start, end});
        start = end;
      }
      if (batchWorkers == null || batches.size() == 1) {
        for (int[] b : batches) {
          runBatch(ids, order, b[0], b[1], out);
        }
      } else {
        runConcurrently(batches, ids, order, out);
      }
      return Arrays.asList(out);
    });
  }

  /**
   * Runs the batches on the calling thread and up to concurrentBatches - 1 helpers, each taking
   * the next batch not yet taken. Every batch writes its own slots of {@code out}.
   */
  private void runConcurrently(List<int[]> batches, long[][] ids, Integer[] order, float[][] out)
      throws OrtException {
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.Callable<Void> work = () -> {
      for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
        runBatch(ids, order, batches.get(i)[0], batches.get(i)[1], out);
      }
      return null;
    };
    int helpers = Math.min(config.concurrentBatches(), batches.size()) - 1;
    List<Future<Void>> running = new ArrayList<>(helpers);
    // claimed[h] is set by helper h when it starts, or by the caller to call off a helper still
    // queued behind other callers' work (FutureTask.cancel cannot tell queued from running).
    java.util.concurrent.atomic.AtomicBoolean[] claimed =
        new java.util.concurrent.atomic.AtomicBoolean[helpers];
    for (int h = 0; h < helpers; h++) {
      java.util.concurrent.atomic.AtomicBoolean mine = new java.util.concurrent.atomic.AtomicBoolean();
      claimed[h] = mine;
      running.add(batchWorkers.submit(() -> mine.compareAndSet(false, true) ? work.call() : null));
    }
    Throwable failure = null;
    try {
      work.call();
    } catch (Exception e) {
      failure = e;
    }
    for (int h = 0; h < helpers; h++) {
      if (claimed[h].compareAndSet(false, true)) {
        continue; // never started, and now never will
      }
      // Wait even when interrupted: the helper writes into out and uses the session.
      boolean interrupted = false;
      while (true) {
        try {
          running.get(h).get();
          break;
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure instanceof OrtException oe) {
      throw oe;
    } else if (failure instanceof RuntimeException re) {
      throw re;
    } else if (failure != null) {
      throw new IllegalStateException("embedding model '" + config.name() + "': " + failure,
          failure);
    }
  }

  /** Embeds texts order[start..end) into out[order[i]]; the last of them is the longest. */
  private void runBatch(long[][] ids, Integer[] order, int start, int end, float[][] out)
      throws OrtException {
    int batch = end - start;
    int len = ids[order[end - 1]].length;
    long[] inputIds = new long[batch * len];
    long[] mask = new long[batch * len];
    Arrays.fill(inputIds, padId);
    for (int b = 0; b < batch; b++) {
      long[] row = ids[order[start + b]];
      System.arraycopy(row, 0, inputIds, b * len, row.length);
      Arrays.fill(mask, b * len, b * len + row.length, 1L);
    }
    long[] shape = {batch, len};
    Map<String, OnnxTensor> feed = new HashMap<>(4);
    try {
      feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
      feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (needsTokenTypes) {
        // One segment per text: every type id is 0.
        feed.put("token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * len]), shape));
      }
      try (OrtSession.Result result = session.run(feed, Set.of(outputName))) {
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        for (int b = 0; b < batch; b++) {
          int tokens = ids[order[start + b]].length;
          out[order[start + b]] = pool(hidden, b * len * dimension, tokens);
        }
      }
    } finally {
      for (OnnxTensor tensor : feed.values()) {
        tensor.close();
      }
    }
  }

  /** Pools the first {@code tokens} rows (the unpadded ones) of a [len, dimension] block. */
  private float[] pool(FloatBuffer hidden, int offset, int tokens) {
    int d = dimension;
    float[] v = new float[d];
    if (config.pooling() == Pooling.CLS) {
      hidden.get(offset, v, 0, d);
    } else {
      // Sum in double: up to 512 tokens, and the reference sums in float, so this only helps.
      double[] sum = new double[d];
      float[] row = new float[d];
      for (int t = 0; t < tokens; t++) {
        hidden.get(offset + t * d, row, 0, d);
        for (int j = 0; j < d; j++) {
          sum[j] += row[j];
        }
      }
      for (int j = 0; j < d; j++) {
        v[j] = (float) (sum[j] / tokens);
      }
    }
    if (config.normalize()) {
      Metric.normalize(v);
    }
    return v;
  }

  @Override
  public void close() {
    lifecycle.close(() -> {
      if (batchWorkers != null) {
        batchWorkers.shutdownNow();
      }
      tokenizer.close();
      session.close();
    });
  }

  @Override
  public String toString() {
    return "OnnxSentenceModel[" + config.name() + ", " + version + ", " + dimension + "-d, "
        + config.pooling().configName() + " pooling]";
  }
}
