package dev.quiver.engine.map;

import java.util.Arrays;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) for up to {@value #MAX_POINTS} points, written here
 * because no permissively licensed, maintained t-SNE or UMAP library is on Maven Central.
 *
 * <ul>
 *   <li>Input affinities: for each point a Gaussian over its {@code 3 × perplexity} nearest
 *       neighbours (as in Barnes–Hut t-SNE; farther points get ~0 anyway), bandwidth found by
 *       bisection so that the entropy matches the perplexity, then symmetrised
 *       {@code p_ij = (p_j|i + p_i|j) / 2n}.
 *   <li>Output: Student-t kernel over <em>all</em> pairs (exact repulsion, O(n²) per iteration, no
 *       memory touched but the coordinates; attraction over the sparse affinities),
 *       {@value #ITERATIONS} iterations of gradient descent with momentum (0.5, then 0.8) and
 *       per-coordinate gains, early exaggeration 12 for the first {@value #EXAGGERATED} iterations,
 *       learning rate {@code max(n / 48, 50)}.
 *   <li>Initialisation: the first two principal components scaled to a standard deviation of
 *       1e-4 (deterministic, and it keeps the global layout better than a random start).
 * </ul>
 */
final class Tsne {

  static final int MAX_POINTS = 3_000;
  static final int ITERATIONS = 500;
  static final int EXAGGERATED = 125;
  static final double PERPLEXITY = 30;

  private Tsne() {}

  /**
   * The 2D embedding of {@code data} (n ≤ {@value #MAX_POINTS} rows; at least 2).
   *
   * @param init n×2 starting coordinates (e.g. PCA), rescaled here
   */
  static float[][] embed(float[][] data, float[][] init) {
    int n = data.length;
    if (n > MAX_POINTS) {
      throw new IllegalArgumentException("exact t-SNE takes at most " + MAX_POINTS + " points, got " + n);
    }
    float[][] out = new float[n][2];
    if (n < 3) {
      for (int i = 0; i < n; i++) {
        out[i] = new float[] {i, 0};
      }
      return out;
    }
    Affinities p = affinities(data);
    double[] y = new double[2 * n];
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += init[i][0];
      my += init[i][1];
    }
    mx /= n;
    my /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      var += sq(init[i][0] - mx) + sq(init[i][1] - my);
    }
    double scale = var > 0 ? 1e-4 / Math.sqrt(var / (2 * n)) : 0;
    for (int i = 0; i < n; i++) {
      y[2 * i] = (init[i][0] - mx) * scale + (scale == 0 ? 1e-4 * Math.cos(i) : 0);
      y[2 * i + 1] = (init[i][1] - my) * scale + (scale == 0 ? 1e-4 * Math.sin(i) : 0);
    }
    descend(p, y, n);
    for (int i = 0; i < n; i++) {
      out[i] = new float[] {(float) y[2 * i], (float) y[2 * i + 1]};
    }
    return out;
  }

  /**
   * Symmetric joint probabilities in compressed rows: {@code p_ij = (p_j|i + p_i|j) / 2n}, non-zero
   * only where j is among i's nearest neighbours or i among j's.
   *
   * @param start row i's entries are {@code [start[i], start[i + 1])}
   * @param col their columns
   * @param val their values
   */
  record Affinities(int[] start, int[] col, double[] val) {}

  static Affinities affinities(float[][] data) {
    int n = data.length;
    double[] dist = new double[n];
    int k = Math.min(n - 1, (int) (3 * PERPLEXITY));
    double perplexity = Math.min(PERPLEXITY, (n - 1) / 3.0);
    double targetEntropy = Math.log(perplexity);
    // (row, column) packed in a long with its conditional probability, both directions
    long[] keys = new long[2 * n * k];
    double[] vals = new double[2 * n * k];
    Integer[] idx = new Integer[n];
    double[] nd = new double[k];
    int[] nj = new int[k];
    double[] w = new double[k];
    int m2 = 0;
    for (int i = 0; i < n; i++) {
      float[] a = data[i];
      for (int j = 0; j < n; j++) {
        double s = 0;
        float[] b = data[j];
        for (int t = 0; t < a.length; t++) {
          double d = a[t] - b[t];
          s += d * d;
        }
        dist[j] = s;
        idx[j] = j;
      }
      Arrays.sort(idx, (x, y) -> Double.compare(dist[x], dist[y]));
      int m = 0;
      for (int t = 0; t < n && m < k; t++) {
        if (idx[t] != i) {
          nj[m] = idx[t];
          nd[m] = dist[idx[t]];
          m++;
        }
      }
      // bisection on beta = 1 / (2 sigma²) so that the entropy of p_j|i is log(perplexity)
      double beta = 1;
      double lo = 0;
      double hi = Double.POSITIVE_INFINITY;
      double minD = nd[0];
      for (int iter = 0; iter < 100; iter++) {
        double sum = 0;
        double dotD = 0;
        for (int t = 0; t < k; t++) {
          w[t] = Math.exp(-(nd[t] - minD) * beta); // shifted by the nearest distance: no underflow
          sum += w[t];
          dotD += w[t] * (nd[t] - minD);
        }
        double entropy = Math.log(sum) + beta * dotD / sum;
        if (Math.abs(entropy - targetEntropy) < 1e-5) {
          break;
        }
        if (entropy > targetEntropy) {
          lo = beta;
          beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
        } else {
          hi = beta;
          beta = (beta + lo) / 2;
        }
      }
      double sum = 0;
      for (int t = 0; t < k; t++) {
        sum += w[t];
      }
      for (int t = 0; t < k; t++) {
        double v = w[t] / sum / (2.0 * n);
        keys[m2] = (long) i * n + nj[t];
        vals[m2++] = v;
        keys[m2] = (long) nj[t] * n + i;
        vals[m2++] = v;
      }
    }
    Integer[] order = new Integer[m2];
    for (int t = 0; t < m2; t++) {
      order[t] = t;
    }
    Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
    int[] start = new int[n + 1];
    int[] col = new int[m2];
    double[] val = new double[m2];
    int e = -1;
    long last = -1;
    for (int t = 0; t < m2; t++) {
      long key = keys[order[t]];
      if (key != last) {
        e++;
        col[e] = (int) (key % n);
        start[(int) (key / n) + 1]++;
        last = key;
      }
      val[e] += vals[order[t]];
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    return new Affinities(start, Arrays.copyOf(col, e + 1), Arrays.copyOf(val, e + 1));
  }

  private static void descend(Affinities p, double[] y, int n) {
    double[] attr = new double[2 * n];
    double[] rep = new double[2 * n];
    double[] update = new double[2 * n];
    double[] gains = new double[2 * n];
    Arrays.fill(gains, 1);
    double eta = Math.max(n / 48.0, 50);
    for (int iter = 0; iter < ITERATIONS; iter++) {
      double exaggeration = iter < EXAGGERATED ? 12 : 1;
      double momentum = iter < EXAGGERATED ? 0.5 : 0.8;
      Arrays.fill(attr, 0);
      Arrays.fill(rep, 0);
      // attraction: only where p is non-zero
      for (int i = 0; i < n; i++) {
        double yi0 = y[2 * i];
        double yi1 = y[2 * i + 1];
        for (int e = p.start()[i]; e < p.start()[i + 1]; e++) {
          int j = p.col()[e];
          double d0 = yi0 - y[2 * j];
          double d1 = yi1 - y[2 * j + 1];
          double a = p.val()[e] / (1 + d0 * d0 + d1 * d1);
          attr[2 * i] += a * d0;
          attr[2 * i + 1] += a * d1;
        }
      }
      // repulsion: every pair once (exact), q² (y_i - y_j) and the normaliser Z
      double z = 0;
      for (int i = 0; i < n; i++) {
        double yi0 = y[2 * i];
        double yi1 = y[2 * i + 1];
        double r0 = 0;
        double r1 = 0;
        for (int j = i + 1; j < n; j++) {
          double d0 = yi0 - y[2 * j];
          double d1 = yi1 - y[2 * j + 1];
          double q = 1 / (1 + d0 * d0 + d1 * d1);
          z += q;
          double qq = q * q;
          r0 += qq * d0;
          r1 += qq * d1;
          rep[2 * j] -= qq * d0;
          rep[2 * j + 1] -= qq * d1;
        }
        rep[2 * i] += r0;
        rep[2 * i + 1] += r1;
      }
      z *= 2;
      for (int c = 0; c < 2 * n; c++) {
        double g = 4 * (exaggeration * attr[c] - rep[c] / z);
        // gains grow where the gradient keeps its direction and shrink where it flips
        gains[c] = Math.signum(g) != Math.signum(update[c]) ? gains[c] + 0.2 : Math.max(gains[c] * 0.8, 0.01);
        update[c] = momentum * update[c] - eta * gains[c] * g;
        y[c] += update[c];
      }
      double m0 = 0;
      double m1 = 0;
      for (int i = 0; i < n; i++) {
        m0 += y[2 * i];
        m1 += y[2 * i + 1];
      }
      m0 /= n;
      m1 /= n;
      for (int i = 0; i < n; i++) {
        y[2 * i] -= m0;
        y[2 * i + 1] -= m1;
      }
    }
  }

  private static double sq(double x) {
    return x * x;
  }
}
