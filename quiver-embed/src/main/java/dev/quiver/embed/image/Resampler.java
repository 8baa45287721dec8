package dev.quiver.embed.image;

/**
 * Separable antialiased bilinear resampling of one plane, the algorithm of PIL's
 * {@code Image.resize(..., BILINEAR)} (and torchvision's {@code antialias=True}): each output pixel
 * is a triangle-weighted average of the input pixels under it, the triangle widened by the
 * downscale factor. Upscaling is plain bilinear interpolation; equal sizes copy the plane.
 */
final class Resampler {

  private Resampler() {}

  /** The plane {@code src} ({@code sw × sh}, row-major) resized to {@code dw × dh}. */
  static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
    if (sw == dw && sh == dh) {
      return src;
    }
    float[] horizontal = new float[dw * sh];
    Coefficients cx = Coefficients.of(sw, dw);
    for (int y = 0; y < sh; y++) {
      int row = y * sw;
      for (int x = 0; x < dw; x++) {
        float sum = 0;
        int first = cx.first[x];
        int k = x * cx.taps;
        for (int i = 0; i < cx.count[x]; i++) {
          sum += src[row + first + i] * cx.weights[k + i];
        }
        horizontal[y * dw + x] = sum;
      }
    }
    float[] out = new float[dw * dh];
    Coefficients cy = Coefficients.of(sh, dh);
    for (int y = 0; y < dh; y++) {
      int first = cy.first[y];
      int k = y * cy.taps;
      for (int i = 0; i < cy.count[y]; i++) {
        float w = cy.weights[k + i];
        int srcRow = (first + i) * dw;
        int dstRow = y * dw;
        for (int x = 0; x < dw; x++) {
          out[dstRow + x] += horizontal[srcRow + x] * w;
        }
      }
    }
    return out;
  }

  /** Per output position: the first input position, how many are read, and their weights. */
  private record Coefficients(int[] first, int[] count, float[] weights, int taps) {

    static Coefficients of(int in, int out) {
      double scale = (double) in / out;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // bilinear: support 1, widened when shrinking
      int taps = (int) Math.ceil(support) * 2 + 1;
      int[] first = new int[out];
      int[] count = new int[out];
      float[] weights = new float[out * taps];
      for (int o = 0; o < out; o++) {
        double center = (o + 0.5) * scale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), in);
        int n = Math.min(max - min, taps);
        double total = 0;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
          double t = Math.abs((i + min - center + 0.5) / filterScale);
          w[i] = t < 1 ? 1 - t : 0;
          total += w[i];
        }
        for (int i = 0; i < n; i++) {
          weights[o * taps + i] = (float) (total == 0 ? 0 : w[i] / total);
        }
        first[o] = min;
        count[o] = n;
      }
      return new Coefficients(first, count, weights, taps);
    }
  }
}
