package dev.quiver.engine.map;

import java.util.SplittableRandom;

/**
 * The top two principal components of a set of vectors, by randomized SVD (Halko, Martinsson and
 * Tropp 2011, algorithm 4.4): a Gaussian sketch of {@value #SKETCH} columns, {@value #POWER_STEPS}
 * orthonormalised power steps, then the exact SVD of the small projected matrix. Eight passes over
 * the data instead of forming the d×d covariance, and accurate for the leading components even
 * when their eigenvalues are close (the oversampling absorbs the gap). Immutable once fitted.
 */
final class Pca {

  /** Columns of the random sketch: 2 wanted components + 8 oversampling. */
  static final int SKETCH = 10;
  static final int POWER_STEPS = 3;

  private final float[] mean;
  /** Row-major 2×d: the first and second principal axes, unit length. */
  private final double[][] axes;
  /** Variance along each axis (eigenvalues of the covariance). */
  private final double[] variance;

  private Pca(float[] mean, double[][] axes, double[] variance) {
    this.mean = mean;
    this.axes = axes;
    this.variance = variance;
  }

  /**
   * Fits on {@code data} (n rows of dimension d, n ≥ 1). Rows are not modified.
   *
   * @param seed seeds the random sketch, so the same data and seed give the same axes
   */
  static Pca fit(float[][] data, long seed) {
    int n = data.length;
    int d = data[0].length;
    float[] mean = new float[d];
    double[] sum = new double[d];
    for (float[] row : data) {
      for (int j = 0; j < d; j++) {
        sum[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    int l = Math.min(SKETCH, Math.min(n, d));
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] omega = new double[d][l];
    for (double[] r : omega) {
      for (int k = 0; k < l; k++) {
        r[k] = gaussian(rnd);
      }
    }
    double[][] q = orthonormalize(times(data, mean, omega, l));       // n×l
    for (int s = 0; s < POWER_STEPS; s++) {
      double[][] z = orthonormalize(transposeTimes(data, mean, q, l)); // d×l
      q = orthonormalize(times(data, mean, z, l));
    }
    double[][] bt = transposeTimes(data, mean, q, l);                 // d×l = (QᵀX)ᵀ
    // B Bᵀ (l×l) = U Σ² Uᵀ; right singular vectors v = Bᵀ u / σ
    double[][] bbt = new double[l][l];
    for (double[] row : bt) {
      for (int a = 0; a < l; a++) {
        for (int b = a; b < l; b++) {
          bbt[a][b] += row[a] * row[b];
        }
      }
    }
    for (int a = 0; a < l; a++) {
      for (int b = 0; b < a; b++) {
        bbt[a][b] = bbt[b][a];
      }
    }
    SymmetricEigen eig = SymmetricEigen.of(bbt);
    int comps = Math.min(2, l);
    double[][] axes = new double[2][d];
    double[] variance = new double[2];
    for (int c = 0; c < comps; c++) {
      double lambda = eig.values()[c];
      double sigma = Math.sqrt(Math.max(lambda, 0));
      variance[c] = lambda / Math.max(1, n - 1);
      if (sigma < 1e-12) {
        continue; // no spread along this axis: every point projects to 0 there
      }
      double[] u = eig.vector(c);
      for (int j = 0; j < d; j++) {
        double v = 0;
        for (int a = 0; a < l; a++) {
          v += bt[j][a] * u[a];
        }
        axes[c][j] = v / sigma;
      }
      normalize(axes[c]);
      orientByLargestEntry(axes[c]);
    }
    return new Pca(mean, axes, variance);
  }

  /** The 2D coordinates of {@code v} (same dimension as the fitted data). */
  float[] project(float[] v) {
    double x = 0;
    double y = 0;
    for (int j = 0; j < v.length; j++) {
      double c = v[j] - mean[j];
      x += c * axes[0][j];
      y += c * axes[1][j];
    }
    return new float[] {(float) x, (float) y};
  }

  /** Variance along the first and second axis. */
  double[] variance() {
    return variance.clone();
  }

  double[] axis(int c) {
    return axes[c].clone();
  }

  /** (X - mean) · m for m of d×l. */
  private static double[][] times(float[][] x, float[] mean, double[][] m, int l) {
    double[][] out = new double[x.length][l];
    for (int i = 0; i < x.length; i++) {
      float[] row = x[i];
      double[] o = out[i];
      for (int j = 0; j < row.length; j++) {
        double c = row[j] - mean[j];
        double[] mj = m[j];
        for (int k = 0; k < l; k++) {
          o[k] += c * mj[k];
        }
      }
    }
    return out;
  }

  /** (X - mean)ᵀ · q for q of n×l. */
  private static double[][] transposeTimes(float[][] x, float[] mean, double[][] q, int l) {
    int d = mean.length;
    double[][] out = new double[d][l];
    for (int i = 0; i < x.length; i++) {
      float[] row = x[i];
      double[] qi = q[i];
      for (int j = 0; j < d; j++) {
        double c = row[j] - mean[j];
        double[] o = out[j];
        for (int k = 0; k < l; k++) {
          o[k] += c * qi[k];
        }
      }
    }
    return out;
  }

  /** Modified Gram–Schmidt on the columns, twice for stability; a dependent column becomes zero. */
  static double[][] orthonormalize(double[][] a) {
    int rows = a.length;
    int cols = a[0].length;
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < cols; k++) {
        for (int p = 0; p < k; p++) {
          double dot = 0;
          for (double[] r : a) {
            dot += r[k] * r[p];
          }
          for (double[] r : a) {
            r[k] -= dot * r[p];
          }
        }
        double norm = 0;
        for (double[] r : a) {
          norm += r[k] * r[k];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < rows; i++) {
          a[i][k] = norm < 1e-300 ? 0 : a[i][k] / norm;
        }
      }
    }
    return a;
  }

  private static void normalize(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    if (n > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= n;
      }
    }
  }

  /** An axis has no sign of its own; fixing one keeps maps of the same data the same way up. */
  private static void orientByLargestEntry(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[best])) {
        best = i;
      }
    }
    if (v[best] < 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = -v[i];
      }
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
