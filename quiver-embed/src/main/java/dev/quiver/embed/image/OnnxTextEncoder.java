package dev.quiver.embed.image;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.vector.Metric;
import dev.quiver.embed.onnx.ModelLifecycle;
import dev.quiver.embed.onnx.ModelVersions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The text encoder of a CLIP-style model: a HuggingFace {@code tokenizer.json} (BPE for CLIP, read
 * by the DJL tokenizers binding) and an ONNX graph taking {@code input_ids} (and
 * {@code attention_mask} when the graph has it), int64 {@code [batch, tokens]}. Texts are padded to
 * the longest of their batch; the chosen output is pooled ({@link TextPooling}) and optionally
 * L2-normalised.
 *
 * <p>Thread-safe; the read/write lock only keeps {@link #close()} from freeing native memory under a
 * running call.
 */
public final class OnnxTextEncoder implements EmbeddingModel {

  /**
   * How to run it.
   *
   * @param name registry name
   * @param outputName graph output read; null for the first
   * @param pooling how the output becomes one vector per text
   * @param normalize L2-normalise every vector
   * @param maxLength tokens per text including special tokens (CLIP: 77)
   * @param padId token id written into padded positions (masked out by the attention mask)
   * @param batchSize most texts per ONNX Runtime call
   * @param intraOpThreads ONNX Runtime intra-op threads
   */
  public record Config(String name, String outputName, TextPooling pooling, boolean normalize,
      int maxLength, long padId, int batchSize, int intraOpThreads) {
    public Config {
      Objects.requireNonNull(pooling, "pooling");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("model name must not be blank");
      }
      if (maxLength < 2 || maxLength > 8192) {
        throw new IllegalArgumentException("embedding model '" + name + "': max length " + maxLength
            + " is out of range, expected 2..8192 tokens");
      }
      if (batchSize < 1 || intraOpThreads < 1) {
        throw new IllegalArgumentException("embedding model '" + name + "': batch size "
            + batchSize + " and threads " + intraOpThreads + " must be at least 1");
      }
    }
  }

  private final Config config;
  private final String version;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean takesMask;
  private final String outputName;
  private final int dimension;
  private final ModelLifecycle lifecycle;

  private OnnxTextEncoder(Config config, byte[] onnx, byte[] tokenizerJson)
      throws OrtException, IOException {
    this.config = config;
    this.env = OrtEnvironment.getEnvironment();
    OrtSession created = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(config.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      created = env.createSession(onnx, options);
      Set<String> inputs = created.getInputNames();
      if (!inputs.contains("input_ids")) {
        throw new IllegalArgumentException("embedding model '" + config.name() + "': the text ONNX"
            + " graph has inputs " + inputs + ", expected input_ids (and optionally attention_mask)");
      }
      this.takesMask = inputs.contains("attention_mask");
      String wanted = config.outputName();
      Set<String> outputs = created.getOutputNames();
      if (wanted != null && !outputs.contains(wanted)) {
        throw new IllegalArgumentException("embedding model '" + config.name() + "': the text ONNX"
            + " graph has no output named '" + wanted + "', its outputs are " + outputs);
      }
      this.outputName = wanted != null ? wanted : outputs.iterator().next();
      this.session = created;
      created = null;
    } finally {
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
      throw new IllegalArgumentException("embedding model '" + config.name() + "': cannot load the"
          + " tokenizer (expected a HuggingFace tokenizer.json): " + e.getMessage(), e);
    }
    this.version = versionOf(config, onnx, tokenizerJson);
    this.lifecycle = new ModelLifecycle("embedding model '" + config.name() + "'");
    try {
      this.dimension = run(List.of("a")).get(0).length;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Loads a text encoder from the bytes of its ONNX graph and {@code tokenizer.json}. */
  public static OnnxTextEncoder fromBytes(Config config, byte[] onnx, byte[] tokenizerJson) {
    Objects.requireNonNull(config, "config");
    try {
      return new OnnxTextEncoder(config, onnx, tokenizerJson);
    } catch (OrtException e) {
      throw new IllegalArgumentException("embedding model '" + config.name()
          + "': ONNX Runtime cannot load or run the text model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("embedding model '" + config.name()
          + "': cannot load the tokenizer: " + e.getMessage(), e);
    }
  }

  private static String versionOf(Config config, byte[] onnx, byte[] tokenizerJson) {
    return ModelVersions.of("onnx-text-", onnx, tokenizerJson, "\0output=" + config.outputName()
        + "\0pooling=" + config.pooling().configName() + "\0normalize=" + config.normalize()
        + "\0maxLength=" + config.maxLength());
  }

  /** Token ids of one text as the encoder sees it (special tokens added, truncated). */
  public long[] tokenIds(String text) {
    return tokenizer.encode(text).getIds();
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
    Objects.requireNonNull(texts, "texts");
    return lifecycle.use(() -> run(texts));
  }

  private List<float[]> run(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (int start = 0; start < texts.size(); start += config.batchSize()) {
      int n = Math.min(config.batchSize(), texts.size() - start);
      long[][] ids = new long[n][];
      for (int i = 0; i < n; i++) {
        String text = texts.get(start + i);
        if (text == null) {
          throw new IllegalArgumentException("text " + (start + i) + " is null");
        }
        Encoding e = tokenizer.encode(text);
        ids[i] = e.getIds();
        if (ids[i].length == 0) {
          throw new IllegalArgumentException("text " + (start + i) + " gives no tokens: the"
              + " tokenizer of '" + name() + "' knows none of its characters and adds no special"
              + " tokens");
        }
      }
      try {
        out.addAll(runBatch(ids));
      } catch (OrtException e) {
        throw new IllegalStateException("embedding model '" + name() + "': ONNX Runtime failed: "
            + e.getMessage(), e);
      }
    }
    return out;
  }

  private List<float[]> runBatch(long[][] ids) throws OrtException {
    int n = ids.length;
    int len = 1;
    for (long[] row : ids) {
      len = Math.max(len, row.length);
    }
    long[] inputIds = new long[n * len];
    long[] mask = new long[n * len];
    Arrays.fill(inputIds, config.padId());
    for (int b = 0; b < n; b++) {
      System.arraycopy(ids[b], 0, inputIds, b * len, ids[b].length);
      Arrays.fill(mask, b * len, b * len + ids[b].length, 1L);
    }
    long[] shape = {n, len};
    Map<String, OnnxTensor> feed = new HashMap<>(4);
    try {
      feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
      if (takesMask) {
        feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      }
      try (OrtSession.Result result = session.run(feed, Set.of(outputName))) {
        OnnxTensor output = (OnnxTensor) result.get(0);
        return pool(output.getFloatBuffer(), output.getInfo().getShape(), ids);
      }
    } finally {
      for (OnnxTensor t : feed.values()) {
        t.close();
      }
    }
  }

  private List<float[]> pool(FloatBuffer out, long[] shape, long[][] ids) {
    TextPooling pooling = config.pooling();
    boolean ok = pooling == TextPooling.NONE ? shape.length == 2 : shape.length == 3;
    if (!ok || shape[0] != ids.length) {
      throw new IllegalArgumentException("embedding model '" + name() + "': text output '"
          + outputName + "' has shape " + Arrays.toString(shape) + ", which text pooling '"
          + pooling.configName() + "' cannot use; expected " + (pooling == TextPooling.NONE
              ? "[batch, dimension]" : "[batch, tokens, dimension]"));
    }
    List<float[]> vectors = new ArrayList<>(ids.length);
    int d = (int) shape[shape.length - 1];
    int len = shape.length == 3 ? (int) shape[1] : 1;
    for (int b = 0; b < ids.length; b++) {
      float[] v = new float[d];
      int base = b * len * d;
      int tokens = ids[b].length;
      switch (pooling) {
        case NONE, CLS -> out.get(base, v, 0, d);
        case EOS -> out.get(base + (tokens - 1) * d, v, 0, d);
        case MEAN -> {
          double[] sum = new double[d];
          for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < d; j++) {
              sum[j] += out.get(base + t * d + j);
            }
          }
          for (int j = 0; j < d; j++) {
            v[j] = (float) (sum[j] / tokens);
          }
        }
        default -> throw new IllegalStateException(pooling.toString());
      }
      if (config.normalize()) {
        Metric.normalize(v);
      }
      vectors.add(v);
    }
    return vectors;
  }

  @Override
  public void close() {
    lifecycle.close(() -> {
      tokenizer.close();
      session.close();
    });
  }
}
