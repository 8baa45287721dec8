package dev.quiver.engine.map;

/**
 * Eigen-decomposition of a small symmetric matrix by the cyclic Jacobi method: repeated plane
 * rotations that zero the off-diagonal entries. Slow for big matrices (O(n³) per sweep) but exact
 * to machine precision and simple; {@link Pca} only needs it for its 10×10 sketch.
 *
 * @param values eigenvalues, largest first
 * @param vectors column {@code c} of this n×n matrix is the unit eigenvector of {@code values[c]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

  private static final int MAX_SWEEPS = 100;

  /** Decomposes {@code m} (square, symmetric; not modified). */
  static SymmetricEigen of(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = m[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < n; p++) {
        diag += a[p][p] * a[p][p];
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-30 * Math.max(diag, 1e-300)) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int c = 0; c < n; c++) {
      values[c] = a[order[c]][order[c]];
      for (int k = 0; k < n; k++) {
        vectors[k][c] = v[k][order[c]];
      }
    }
    return new SymmetricEigen(values, vectors);
  }

  /** Eigenvector {@code c} as a new array. */
  double[] vector(int c) {
    double[] out = new double[vectors.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = vectors[k][c];
    }
    return out;
  }
}
