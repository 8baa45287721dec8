package dev.quiver.embed.onnx;

/**
 * Built-in models loaded once per test JVM: loading takes a second or two and ~200 MB each, and
 * every test class here needs them. Threads: 2, as the CI machine has.
 */
final class SharedModels {

  private SharedModels() {}

  static final int THREADS = 2;

  private static OnnxSentenceModel minilm;
  private static OnnxSentenceModel bge;

  static synchronized OnnxSentenceModel minilm() {
    if (minilm == null) {
      minilm = BuiltinOnnxModel.ALL_MINILM_L6_V2.load(
          BuiltinOnnxModel.ALL_MINILM_L6_V2.defaultConfig().withIntraOpThreads(THREADS));
    }
    return minilm;
  }

  static synchronized OnnxSentenceModel bge() {
    if (bge == null) {
      bge = BuiltinOnnxModel.BGE_SMALL_EN_V15.load(
          BuiltinOnnxModel.BGE_SMALL_EN_V15.defaultConfig().withIntraOpThreads(THREADS));
    }
    return bge;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
