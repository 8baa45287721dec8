package dev.quiver.embed.audio;

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
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An audio encoder exported to ONNX, run in-process on ONNX Runtime over features computed in
 * Java ({@link AudioFeatures}: WAV decoding, resampling, log-mel or MFCC frames of the sound).
 *
 * <p>The graph takes a float tensor {@code [batch, frames, features]} and, optionally, a float
 * input named {@code mask} {@code [batch, frames]} (1 for real frames, 0 for padding), and returns
 * {@code [batch, dimension]}. With a mask input, items of a batch are padded with zeros to the
 * longest one; without one, or when the graph fixes the number of frames, every item is padded
 * (zeros) or centre-cropped to that fixed number ({@link AudioModelConfig#maxFrames} when the graph
 * leaves it open). Vectors are scaled to unit length when the configuration says so.
 *
 * <p>Takes {@link Modality#AUDIO} only. Thread-safe; {@link #close()} waits for running calls.
 */
public final class OnnxAudioModel implements EmbeddingModel {

  private final AudioModelConfig config;
  private final String version;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String featuresInput;
  private final String maskInput;
  private final int fixedFrames;
  private final String outputName;
  private final int dimension;
  private final ModelLifecycle lifecycle;

  private OnnxAudioModel(AudioModelConfig config, byte[] onnx) throws OrtException {
    this.config = config;
    this.env = OrtEnvironment.getEnvironment();
    String prefix = "audio model '" + config.name() + "': ";
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    OrtSession created = null;
    try {
      options.setIntraOpNumThreads(config.threads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      created = env.createSession(onnx, options);
      Map<String, NodeInfo> inputs = created.getInputInfo();
      String mask = inputs.containsKey("mask") ? "mask" : null;
      List<String> others = inputs.keySet().stream().filter(n -> !n.equals("mask")).toList();
      if (others.size() != 1) {
        throw new IllegalArgumentException(prefix + "the ONNX graph has inputs " + inputs.keySet()
            + ", expected one float input [batch, frames, features] and optionally 'mask'");
      }
      String feats = others.get(0);
      long[] shape = ((TensorInfo) inputs.get(feats).getInfo()).getShape();
      int featureDim = config.featureDimension();
      if (shape.length != 3 || (shape[2] > 0 && shape[2] != featureDim)) {
        throw new IllegalArgumentException(prefix + "input '" + feats + "' has shape "
            + Arrays.toString(shape) + ", expected [batch, frames, " + featureDim + "] ("
            + config.kind().configName() + " features)");
      }
      this.fixedFrames = shape[1] > 0 ? (int) shape[1] : -1;
      Map<String, NodeInfo> outputs = created.getOutputInfo();
      String out = outputs.containsKey("embedding") ? "embedding" : outputs.keySet().iterator().next();
      long[] outShape = ((TensorInfo) outputs.get(out).getInfo()).getShape();
      if (outShape.length != 2 || outShape[1] <= 0) {
        throw new IllegalArgumentException(prefix + "output '" + out + "' has shape "
            + Arrays.toString(outShape) + ", expected [batch, dimension]");
      }
      this.featuresInput = feats;
      this.maskInput = mask;
      this.outputName = out;
      this.dimension = (int) outShape[1];
      this.session = created;
      created = null;
    } finally {
      options.close();
      if (created != null) {
        created.close();
      }
    }
    this.version = versionOf(config, onnx);
    this.lifecycle = new ModelLifecycle("audio model '" + config.name() + "'");
  }

  /** Loads a model from the bytes of its ONNX graph. */
  public static OnnxAudioModel fromBytes(AudioModelConfig config, byte[] onnx) {
    Objects.requireNonNull(config, "config");
    try {
      return new OnnxAudioModel(config, onnx);
    } catch (OrtException e) {
      throw new IllegalArgumentException("audio model '" + config.name()
          + "': ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }

  static String versionOf(AudioModelConfig config, byte[] onnx) {
    return ModelVersions.of("onnx-audio-", onnx, null, "\0" + config.features().extractor().config()
        + "\0kind=" + config.kind() + "\0trim=" + config.features().trimDb() + "\0max="
        + config.features().maxFrames() + "\0normalize=" + config.normalize());
  }

  public AudioModelConfig config() {
    return config;
  }

  /** The feature frames the graph receives for one WAV file (before padding). */
  public float[][] frames(byte[] wav, String item) {
    float[] samples = config.features().samples(wav, item);
    float[][] f = config.kind() == AudioModelConfig.FeatureKind.MFCC
        ? config.features().mfcc(samples) : config.features().logMel(samples);
    if (fixedFrames > 0 && f.length > fixedFrames) {
      int from = (f.length - fixedFrames) / 2;
      f = Arrays.copyOfRange(f, from, from + fixedFrames);
    }
    return f;
  }

  @Override
  public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
    if (modality != Modality.AUDIO) {
      EmbeddingModel.super.embedMedia(modality, items);
    }
    int n = items.size();
    float[][][] frames = new float[n][][];
    ParallelItems.forEach(n, i -> frames[i] = frames(items.get(i), "audio " + i));
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(frames[a].length, frames[b].length));
    float[][] out = new float[n][];
    lifecycle.use(() -> {
      for (int s = 0; s < n; s += config.batchSize()) {
        int[] batch = new int[Math.min(config.batchSize(), n - s)];
        for (int j = 0; j < batch.length; j++) {
          batch[j] = order[s + j];
        }
        float[][] vectors = run(frames, batch);
        for (int j = 0; j < batch.length; j++) {
          out[batch[j]] = vectors[j];
        }
      }
      return null;
    });
    return List.of(out);
  }

  private float[][] run(float[][][] frames, int[] batch) {
    int featureDim = config.featureDimension();
    int t = fixedFrames;
    if (t < 0) {
      t = 0;
      for (int i : batch) {
        t = Math.max(t, frames[i].length);
      }
    }
    float[] x = new float[batch.length * t * featureDim];
    float[] m = new float[batch.length * t];
    for (int j = 0; j < batch.length; j++) {
      float[][] f = frames[batch[j]];
      for (int k = 0; k < f.length && k < t; k++) {
        System.arraycopy(f[k], 0, x, (j * t + k) * featureDim, featureDim);
        m[j * t + k] = 1;
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(featuresInput, OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
          new long[] {batch.length, t, featureDim}));
      if (maskInput != null) {
        inputs.put(maskInput, OnnxTensor.createTensor(env, FloatBuffer.wrap(m),
            new long[] {batch.length, t}));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
        float[][] vectors = (float[][]) result.get(0).getValue();
        if (config.normalize()) {
          for (float[] v : vectors) {
            Metric.normalize(v);
          }
        }
        return vectors;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("audio model '" + config.name() + "': ONNX Runtime failed on a"
          + " batch of " + batch.length + " sounds of up to " + t + " frames: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor tensor : inputs.values()) {
        tensor.close();
      }
    }
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    throw new IllegalArgumentException("model '" + config.name() + "' embeds audio (WAV files), not"
        + " text");
  }

  @Override
  public Set<Modality> modalities() {
    return EnumSet.of(Modality.AUDIO);
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
  public void close() {
    lifecycle.close(session::close);
  }
}
