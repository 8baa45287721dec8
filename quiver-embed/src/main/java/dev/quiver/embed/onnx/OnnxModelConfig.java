package dev.quiver.embed.onnx;

import java.util.Objects;

/**
 * How an ONNX sentence-transformer model is run: what the weights need (pooling, normalisation,
 * maximum length, query instruction) and how hard to run it (batch size, ONNX Runtime intra-op
 * threads). Immutable; the {@code with*} methods return copies.
 *
 * @param name registry name reported by {@link OnnxSentenceModel#name()}
 * @param pooling mean (with the attention mask) or CLS
 * @param normalize L2-normalise every vector
 * @param maxLength tokens per text including {@code [CLS]} and {@code [SEP]}; longer texts are
 *     truncated (the model's position embeddings bound it, 512 for BERT-style models)
 * @param queryPrefix instruction prepended to queries by {@code embedQueries}; empty for none
 * @param batchSize most texts in one ONNX Runtime call
 * @param intraOpThreads ONNX Runtime intra-op threads for this model's session
 * @param concurrentBatches batches of one call run at the same time (each on the session's
 *     intra-op threads); 1 runs them one after the other. On a shared or small machine, N
 *     concurrent batches with 1 intra-op thread each waste less CPU than 1 batch on N threads,
 *     whose workers spin between operators.
 */
public record OnnxModelConfig(String name, Pooling pooling, boolean normalize, int maxLength,
    String queryPrefix, int batchSize, int intraOpThreads, int concurrentBatches) {

  public static final int DEFAULT_MAX_LENGTH = 512;
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Upper bound on {@code maxLength}: BERT-style position embeddings stop at 512 in practice. */
  public static final int MAX_MAX_LENGTH = 8192;

  public OnnxModelConfig {
    Objects.requireNonNull(pooling, "pooling");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model name must not be blank");
    }
    if (maxLength < 2 || maxLength > MAX_MAX_LENGTH) {
      throw new IllegalArgumentException("embedding model '" + name + "': max length " + maxLength
          + " is out of range, expected 2.." + MAX_MAX_LENGTH + " tokens");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("embedding model '" + name + "': batch size " + batchSize
          + " must be at least 1");
    }
    if (concurrentBatches < 1) {
      throw new IllegalArgumentException("embedding model '" + name + "': concurrent batches "
          + concurrentBatches + " must be at least 1");
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("embedding model '" + name + "': threads " + intraOpThreads
          + " must be at least 1");
    }
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
  }

  /**
   * Defaults: max length 512, batch 32, intra-op threads = available processors, one batch at a
   * time.
   */
  public static OnnxModelConfig of(String name, Pooling pooling, boolean normalize,
      String queryPrefix) {
    return new OnnxModelConfig(name, pooling, normalize, DEFAULT_MAX_LENGTH, queryPrefix,
        DEFAULT_BATCH_SIZE, Runtime.getRuntime().availableProcessors(), 1);
  }

  public OnnxModelConfig withName(String newName) {
    return new OnnxModelConfig(newName, pooling, normalize, maxLength, queryPrefix, batchSize,
        intraOpThreads, concurrentBatches);
  }

  public OnnxModelConfig withMaxLength(int tokens) {
    return new OnnxModelConfig(name, pooling, normalize, tokens, queryPrefix, batchSize,
        intraOpThreads, concurrentBatches);
  }

  public OnnxModelConfig withBatchSize(int texts) {
    return new OnnxModelConfig(name, pooling, normalize, maxLength, queryPrefix, texts,
        intraOpThreads, concurrentBatches);
  }

  public OnnxModelConfig withIntraOpThreads(int threads) {
    return new OnnxModelConfig(name, pooling, normalize, maxLength, queryPrefix, batchSize,
        threads, concurrentBatches);
  }

  public OnnxModelConfig withConcurrentBatches(int batches) {
    return new OnnxModelConfig(name, pooling, normalize, maxLength, queryPrefix, batchSize,
        intraOpThreads, batches);
  }
}
