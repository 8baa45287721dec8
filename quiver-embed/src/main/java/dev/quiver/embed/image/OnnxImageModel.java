package dev.quiver.embed.image;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.core.vector.Metric;
import dev.quiver.embed.ParallelItems;
import dev.quiver.embed.onnx.ModelLifecycle;
import dev.quiver.embed.onnx.ModelVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An image encoder exported to ONNX (a CNN, a ViT, the image tower of a CLIP model), run
 * in-process on ONNX Runtime: each image is decoded and preprocessed as its {@link
 * ImagePreprocessing} says, batches of up to {@code batchSize} images run as one
 * {@code [batch, C, H, W]} float tensor, and the output is pooled and L2-normalised as configured.
 *
 * <p>Takes {@link Modality#IMAGE} only: {@link #embed(List)} of text is refused. Thread-safe (ONNX
 * Runtime sessions may be run by many threads; the read/write lock only keeps {@link #close()} from
 * freeing the session under a running call).
 */
public final class OnnxImageModel implements EmbeddingModel {

  private final ImageModelConfig config;
  private final String version;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final int dimension;
  private final ModelLifecycle lifecycle;

  private OnnxImageModel(ImageModelConfig config, byte[] onnx) throws OrtException {
    this.config = config;
    this.version = versionOf(config, onnx);
    this.lifecycle = new ModelLifecycle("embedding model '" + config.name() + "'");
    this.env = OrtEnvironment.getEnvironment();
    OrtSession created = null;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(config.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      created = env.createSession(onnx, options);
      this.inputName = pick("input", config.inputName(), created.getInputInfo());
      this.outputName = pick("output", config.outputName(), created.getOutputInfo());
      checkInputShape(((TensorInfo) created.getInputInfo().get(inputName).getInfo()).getShape());
      this.session = created;
      created = null;
    } finally {
      if (created != null) {
        created.close();
      }
    }
    // The output's feature size is often symbolic in the graph: run one blank image to learn it.
    float[] blank = new float[config.preprocessing().tensorSize()];
    try {
      this.dimension = runBatch(blank, 1).get(0).length;
    } catch (RuntimeException | OrtException e) {
      session.close();
      throw e;
    }
  }

  /** Loads the ONNX graph in {@code onnxFile}. */
  public static OnnxImageModel fromFile(ImageModelConfig config, Path onnxFile) {
    try {
      return fromBytes(config, Files.readAllBytes(onnxFile));
    } catch (IOException e) {
      throw new UncheckedIOException("embedding model '" + config.name() + "': cannot read model file "
          + onnxFile + ": " + e.getMessage(), e);
    }
  }

  /** Loads an ONNX graph from its bytes. */
  public static OnnxImageModel fromBytes(ImageModelConfig config, byte[] onnx) {
    Objects.requireNonNull(config, "config");
    try {
      return new OnnxImageModel(config, onnx);
    } catch (OrtException e) {
      throw new IllegalArgumentException("embedding model '" + config.name()
          + "': ONNX Runtime cannot load or run the model: " + e.getMessage(), e);
    }
  }

  private String pick(String kind, String wanted, Map<String, NodeInfo> nodes) {
    if (wanted == null || wanted.isBlank()) {
      return nodes.keySet().iterator().next();
    }
    if (!nodes.containsKey(wanted)) {
      throw new IllegalArgumentException("embedding model '" + config.name() + "': the ONNX graph has"
          + " no " + kind + " named '" + wanted + "', its " + kind + "s are " + nodes.keySet());
    }
    return wanted;
  }

  private void checkInputShape(long[] shape) {
    ImagePreprocessing p = config.preprocessing();
    long[] expected = p.shape(1);
    if (shape.length != 4) {
      throw new IllegalArgumentException("embedding model '" + config.name() + "': input '"
          + inputName + "' has shape " + Arrays.toString(shape)
          + ", expected [batch, channels, height, width] (NCHW)");
    }
    String[] axes = {"batch", "channels", "height", "width"};
    for (int i = 1; i < 4; i++) {
      if (shape[i] > 0 && shape[i] != expected[i]) {
        throw new IllegalArgumentException("embedding model '" + config.name() + "': input '"
            + inputName + "' has " + axes[i] + " " + shape[i] + " but the preprocessing makes "
            + expected[i] + " (" + p + "); fix the size or colour mode in the model's settings");
      }
    }
  }

  static String versionOf(ImageModelConfig config, byte[] onnx) {
    return ModelVersions.of("onnx-image-", onnx, null, "\0" + config.preprocessing() + "\0input="
        + config.inputName() + "\0output=" + config.outputName() + "\0pooling="
        + config.pooling().configName() + "\0normalize=" + config.normalize());
  }

  public ImageModelConfig config() {
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
  public Set<Modality> modalities() {
    return EnumSet.of(Modality.IMAGE);
  }

  /** Refused: this model embeds images. */
  @Override
  public List<float[]> embed(List<String> texts) {
    throw new IllegalArgumentException("model '" + name() + "' embeds [image], not text; search it"
        + " with an image, or bind a text or text-image model to search by text");
  }

  @Override
  public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
    Objects.requireNonNull(items, "items");
    if (modality != Modality.IMAGE) {
      throw new IllegalArgumentException("model '" + name() + "' embeds [image], not "
          + modality.wireName());
    }
    ImagePreprocessing p = config.preprocessing();
    return run(items.size(), (i, batch, offset) ->
        p.tensor(ImageDecoder.decode(items.get(i), i), batch, offset));
  }

  /** Embeds images already decoded (tests and benchmarks use it to leave decoding out). */
  public List<float[]> embedImages(List<DecodedImage> images) {
    ImagePreprocessing p = config.preprocessing();
    return run(images.size(), (i, batch, offset) -> p.tensor(images.get(i), batch, offset));
  }

  /** Writes item {@code i}'s tensor into {@code batch} at {@code offset}. */
  private interface Fill {
    void fill(int i, float[] batch, int offset);
  }

  /**
   * Runs {@code count} items in batches. Each batch is decoded and preprocessed in parallel (the
   * common fork-join pool: decoding a photo and shrinking it costs more than the CNN), one batch at
   * a time, so at most one batch of decoded images is in memory.
   */
  private List<float[]> run(int count, Fill fill) {
    int size = config.preprocessing().tensorSize();
    List<float[]> out = new ArrayList<>(count);
    return lifecycle.use(() -> {
      for (int start = 0; start < count; start += config.batchSize()) {
        int n = Math.min(config.batchSize(), count - start);
        float[] batch = new float[n * size];
        int first = start;
        ParallelItems.forEach(n, i -> fill.fill(first + i, batch, i * size));
        out.addAll(runBatch(batch, n));
      }
      return out;
    });
  }

  /** Runs {@code n} preprocessed images and pools each output. */
  private List<float[]> runBatch(float[] batch, int n) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch),
            config.preprocessing().shape(n));
        OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName))) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      long[] shape = output.getInfo().getShape();
      return pool(output.getFloatBuffer(), shape, n);
    }
  }

  private List<float[]> pool(FloatBuffer out, long[] shape, int n) {
    OutputPooling pooling = config.pooling();
    boolean ok = switch (pooling) {
      case NONE -> shape.length == 2;
      case MEAN -> shape.length == 3 || shape.length == 4;
      case CLS -> shape.length == 3;
    };
    if (!ok || shape[0] != n) {
      throw new IllegalArgumentException("embedding model '" + name() + "': output '" + outputName
          + "' has shape " + Arrays.toString(shape) + ", which pooling '" + pooling.configName()
          + "' cannot use; expected " + switch (pooling) {
            case NONE -> "[batch, dimension]";
            case MEAN -> "[batch, channels, height, width] or [batch, tokens, dimension]";
            case CLS -> "[batch, tokens, dimension]";
          });
    }
    int per = 1;
    for (int i = 1; i < shape.length; i++) {
      per *= (int) shape[i];
    }
    List<float[]> vectors = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      int base = b * per;
      float[] v;
      if (pooling == OutputPooling.NONE) {
        v = new float[per];
        out.get(base, v, 0, per);
      } else if (pooling == OutputPooling.CLS) {
        v = new float[(int) shape[2]];
        out.get(base, v, 0, v.length);
      } else if (shape.length == 4) { // [b, C, H, W]: average each channel's map
        int c = (int) shape[1];
        int area = (int) (shape[2] * shape[3]);
        v = new float[c];
        for (int ch = 0; ch < c; ch++) {
          double sum = 0;
          for (int i = 0; i < area; i++) {
            sum += out.get(base + ch * area + i);
          }
          v[ch] = (float) (sum / area);
        }
      } else { // [b, T, D]: average the tokens
        int t = (int) shape[1];
        int d = (int) shape[2];
        double[] sum = new double[d];
        for (int i = 0; i < t; i++) {
          for (int j = 0; j < d; j++) {
            sum[j] += out.get(base + i * d + j);
          }
        }
        v = new float[d];
        for (int j = 0; j < d; j++) {
          v[j] = (float) (sum[j] / t);
        }
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
    lifecycle.close(session::close);
  }

  @Override
  public String toString() {
    return "OnnxImageModel[" + name() + ", " + version + ", " + dimension + "-d, "
        + config.preprocessing() + "]";
  }
}
