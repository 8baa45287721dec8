package dev.quiver.embed.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * How an image becomes a model input: decode, convert to the model's channels, resize (and crop),
 * scale pixel values to [0, 1], subtract the per-channel mean and divide by the per-channel
 * standard deviation, laid out channel-major ({@code NCHW}: all of channel 0, then channel 1, ...).
 *
 * <p>Resizing is PIL's / torchvision's antialiased bilinear filter (a triangle filter whose support
 * widens with the downscale factor, so shrinking a photo averages the pixels it covers instead of
 * sampling a few): the same size in and out leaves the pixels untouched.
 *
 * @param width model input width in pixels
 * @param height model input height in pixels
 * @param color channels the model reads
 * @param resize stretch to width × height, or resize the shorter side then centre-crop
 * @param resizeShorter for {@link ResizeMode#CROP}: the shorter side's length before cropping (at
 *     least max(width, height)); ignored for stretch
 * @param mean per channel (one value, or one per channel of {@code color}), on the [0, 1] scale
 * @param std per channel likewise, each positive
 */
public record ImagePreprocessing(int width, int height, ColorMode color, ResizeMode resize,
    int resizeShorter, float[] mean, float[] std) {

  /** Largest input side accepted: 4096 pixels. */
  public static final int MAX_SIDE = 4096;

  public ImagePreprocessing {
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(resize, "resize");
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException("input size " + width + "x" + height
          + " is out of range, expected 1.." + MAX_SIDE + " pixels a side");
    }
    if (resize == ResizeMode.CROP && resizeShorter < Math.max(width, height)) {
      throw new IllegalArgumentException("resize-shorter " + resizeShorter + " is smaller than the"
          + " input size " + width + "x" + height + ", expected at least " + Math.max(width, height));
    }
    mean = perChannel("mean", mean, color, false);
    std = perChannel("std", std, color, true);
  }

  /** Stretch to width × height, no mean subtraction, unit std. */
  public static ImagePreprocessing of(int width, int height, ColorMode color) {
    return new ImagePreprocessing(width, height, color, ResizeMode.STRETCH, Math.max(width, height),
        new float[] {0f}, new float[] {1f});
  }

  public ImagePreprocessing withNormalization(float[] newMean, float[] newStd) {
    return new ImagePreprocessing(width, height, color, resize, resizeShorter, newMean, newStd);
  }

  public ImagePreprocessing withCrop(int shorterSide) {
    return new ImagePreprocessing(width, height, color, ResizeMode.CROP, shorterSide, mean, std);
  }

  private static float[] perChannel(String what, float[] values, ColorMode color, boolean positive) {
    Objects.requireNonNull(values, what);
    int c = color.channels();
    if (values.length != 1 && values.length != c) {
      throw new IllegalArgumentException(what + " has " + values.length + " values, expected 1 or "
          + c + " (one per channel of " + color.configName() + ")");
    }
    float[] out = new float[c];
    for (int i = 0; i < c; i++) {
      float v = values.length == 1 ? values[0] : values[i];
      if (!Float.isFinite(v) || (positive && v <= 0)) {
        throw new IllegalArgumentException(what + " value " + v + " is not "
            + (positive ? "a positive number" : "a finite number"));
      }
      out[i] = v;
    }
    return out;
  }

  /** Floats in one image's tensor: channels × height × width. */
  public int tensorSize() {
    return color.channels() * height * width;
  }

  /** The {@code [1, C, H, W]} shape of one image (batch dimension first). */
  public long[] shape(int batch) {
    return new long[] {batch, color.channels(), height, width};
  }

  /** Decodes and preprocesses one encoded image; {@code item} names it in errors. */
  public float[] tensor(byte[] encoded, int item) {
    float[] out = new float[tensorSize()];
    tensor(ImageDecoder.decode(encoded, item), out, 0);
    return out;
  }

  /** Writes the tensor of {@code image} into {@code out[offset .. offset + tensorSize())}. */
  public void tensor(DecodedImage image, float[] out, int offset) {
    float[][] planes = channels(image);
    int w = image.width();
    int h = image.height();
    int cropX = 0;
    int cropY = 0;
    int rw = width;
    int rh = height;
    if (resize == ResizeMode.CROP) {
      // Shorter side to resizeShorter, the other in proportion (torchvision rounds down).
      if (w <= h) {
        rw = resizeShorter;
        rh = (int) ((long) resizeShorter * h / w);
      } else {
        rh = resizeShorter;
        rw = (int) ((long) resizeShorter * w / h);
      }
      rw = Math.max(rw, width);
      rh = Math.max(rh, height);
      cropX = (int) Math.round((rw - width) / 2.0);
      cropY = (int) Math.round((rh - height) / 2.0);
    }
    int plane = width * height;
    for (int c = 0; c < planes.length; c++) {
      float[] resized = Resampler.resize(planes[c], w, h, rw, rh);
      float m = mean[c];
      float inv = 1f / std[c];
      int base = offset + c * plane;
      for (int y = 0; y < height; y++) {
        int src = (y + cropY) * rw + cropX;
        int dst = base + y * width;
        for (int x = 0; x < width; x++) {
          out[dst + x] = (resized[src + x] / 255f - m) * inv;
        }
      }
    }
  }

  /** The image's planes converted to this model's channels, in the model's order. */
  private float[][] channels(DecodedImage image) {
    float[][] p = image.planes();
    switch (color) {
      case GRAY:
        if (image.gray()) {
          return p;
        }
        float[] gray = new float[p[0].length];
        for (int i = 0; i < gray.length; i++) {
          gray[i] = 0.299f * p[0][i] + 0.587f * p[1][i] + 0.114f * p[2][i];
        }
        return new float[][] {gray};
      case RGB:
        return image.gray() ? new float[][] {p[0], p[0], p[0]} : p;
      case BGR:
        return image.gray() ? new float[][] {p[0], p[0], p[0]} : new float[][] {p[2], p[1], p[0]};
      default:
        throw new IllegalStateException(color.toString());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePreprocessing p && p.width == width && p.height == height
        && p.color == color && p.resize == resize && p.resizeShorter == resizeShorter
        && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, color, resize, resizeShorter, Arrays.hashCode(mean),
        Arrays.hashCode(std));
  }

  /** A stable description: every setting that changes the tensor. */
  @Override
  public String toString() {
    return "size=" + width + "x" + height + ", color=" + color.configName() + ", resize="
        + resize.configName() + (resize == ResizeMode.CROP ? "(" + resizeShorter + ")" : "")
        + ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std);
  }
}
