package dev.quiver.core.vector;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the {@link VectorMath} implementation once per JVM.
 *
 * <p>The system property {@value #PROPERTY} selects it: {@code auto} (default) uses the Vector API
 * when the {@code jdk.incubator.vector} module is present and the CPU has SIMD registers of at least
 * 128 bits, else plain Java with one warning that says how to enable the fast path; {@code scalar}
 * forces plain Java; {@code panama} requires the Vector API and fails start-up without it.
 */
public final class VectorMathProvider {

  /** System property that overrides the choice: auto, scalar or panama. */
  public static final String PROPERTY = "quiver.vectormath";

  private static final System.Logger LOG = System.getLogger(VectorMathProvider.class.getName());

  static final VectorMath INSTANCE = choose(System.getProperty(PROPERTY, "auto"));

  private VectorMathProvider() {}

  /** The SIMD implementation, or null when this JVM cannot run it (tests compare it to scalar). */
  public static VectorMath panamaOrNull() {
    try {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return null;
      }
      Class<?> c = Class.forName("dev.quiver.core.vector.PanamaVectorMath");
      int lanes = (int) c.getDeclaredMethod("lanes").invoke(null);
      if (lanes < 4) {
        return null;
      }
      return (VectorMath) c.getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  static VectorMath choose(String setting) {
    switch (setting.trim().toLowerCase(Locale.ROOT)) {
      case "scalar":
        return ScalarVectorMath.INSTANCE;
      case "panama": {
        VectorMath panama = panamaOrNull();
        if (panama == null) {
          throw new IllegalStateException(
              "-D" + PROPERTY + "=panama was requested but the Vector API is unavailable: start the JVM"
                  + " with --add-modules jdk.incubator.vector on a CPU with SIMD support");
        }
        return panama;
      }
      case "auto": {
        VectorMath panama = panamaOrNull();
        if (panama == null) {
          LOG.log(Level.WARNING,
              "SIMD vector math unavailable, using plain Java (slower). Start the JVM with"
                  + " --add-modules jdk.incubator.vector to enable it, or set -D" + PROPERTY
                  + "=scalar to silence this warning.");
          return ScalarVectorMath.INSTANCE;
        }
        return panama;
      }
      default:
        throw new IllegalArgumentException(
            "-D" + PROPERTY + "=" + setting + " is not a known setting; expected auto, scalar or panama");
    }
  }

  static float cosineFrom(float dot, float normA, float normB) {
    double denominator = Math.sqrt((double) normA * (double) normB);
    return denominator == 0 ? 0f : (float) (dot / denominator);
  }
}
