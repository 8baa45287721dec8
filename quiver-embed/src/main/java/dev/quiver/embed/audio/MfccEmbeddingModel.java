package dev.quiver.embed.audio;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.core.vector.Metric;
import dev.quiver.embed.ParallelItems;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fixed-size audio vector with no learned weights: the mean and standard deviation over the
 * sound's frames of its MFCCs and of their deltas (±2 frames), {@code 4 × coefficients} numbers,
 * optionally standardised per dimension (minus a mean, over a standard deviation, as measured on
 * some reference set of sounds), then scaled to unit length. Similar timbre and spectral shape give
 * similar vectors; it does not know words. The built-in {@code quiver-mfcc} standardises with the
 * statistics of the spoken-words training set ({@code models/spoken-words}).
 *
 * <p>Takes {@link Modality#AUDIO} only (WAV bytes). Thread-safe; a call's items are processed in
 * parallel.
 */
public final class MfccEmbeddingModel implements EmbeddingModel {

  private final String name;
  private final AudioFeatures features;
  private final float[] mean;
  private final float[] std;
  private final String version;

  /**
   * @param mean per-dimension mean to subtract, or null for none (then {@code std} must be null)
   * @param std per-dimension scale to divide by (all positive), or null
   */
  public MfccEmbeddingModel(String name, AudioFeatures features, float[] mean, float[] std) {
    this.name = Objects.requireNonNull(name, "name");
    this.features = Objects.requireNonNull(features, "features");
    int dim = 4 * features.extractor().config().coefficients();
    if ((mean == null) != (std == null)) {
      throw new IllegalArgumentException("audio model '" + name + "': standardising needs both a mean"
          + " and a std, or neither");
    }
    if (mean != null && (mean.length != dim || std.length != dim)) {
      throw new IllegalArgumentException("audio model '" + name + "': standardising statistics have "
          + mean.length + "/" + std.length + " dimensions, expected " + dim
          + " (4 × " + features.extractor().config().coefficients() + " coefficients)");
    }
    if (std != null) {
      for (int i = 0; i < std.length; i++) {
        if (!(std[i] > 0)) {
          throw new IllegalArgumentException("audio model '" + name + "': std[" + i + "] = " + std[i]
              + ", expected a positive number");
        }
      }
    }
    this.mean = mean == null ? null : mean.clone();
    this.std = std == null ? null : std.clone();
    this.version = versionOf();
  }

  /** The sound's pooled vector before standardising and normalising. */
  public float[] pooled(float[] samples) {
    float[][] c = features.mfcc(samples);
    float[][] d = MfccExtractor.deltas(c, 2);
    int k = features.extractor().config().coefficients();
    float[] out = new float[4 * k];
    meanStd(c, out, 0, k);
    meanStd(d, out, 2 * k, k);
    return out;
  }

  private static void meanStd(float[][] frames, float[] out, int offset, int k) {
    int n = frames.length;
    for (int j = 0; j < k; j++) {
      double sum = 0;
      for (float[] f : frames) {
        sum += f[j];
      }
      double m = sum / n;
      double var = 0;
      for (float[] f : frames) {
        double e = f[j] - m;
        var += e * e;
      }
      out[offset + j] = (float) m;
      out[offset + k + j] = (float) Math.sqrt(var / n);
    }
  }

  private float[] vector(byte[] wav, int item) {
    float[] v = pooled(features.samples(wav, "audio " + item));
    if (mean != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (v[i] - mean[i]) / std[i];
      }
    }
    return Metric.normalize(v);
  }

  @Override
  public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
    if (modality != Modality.AUDIO) {
      EmbeddingModel.super.embedMedia(modality, items);
    }
    float[][] out = new float[items.size()][];
    ParallelItems.forEach(items.size(), i -> out[i] = vector(items.get(i), i));
    return List.of(out);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    throw new IllegalArgumentException("model '" + name + "' embeds audio (WAV files), not text");
  }

  @Override
  public Set<Modality> modalities() {
    return EnumSet.of(Modality.AUDIO);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return 4 * features.extractor().config().coefficients();
  }

  @Override
  public boolean normalized() {
    return true;
  }

  private String versionOf() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("mfcc-pool-v1|" + features.extractor().config() + "|" + features.trimDb() + "|"
          + features.maxFrames()).getBytes(StandardCharsets.UTF_8));
      if (mean != null) {
        ByteBuffer b = ByteBuffer.allocate(8 * mean.length);
        for (int i = 0; i < mean.length; i++) {
          b.putFloat(mean[i]).putFloat(std[i]);
        }
        sha.update(b.array());
      }
      return "mfcc-" + HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
