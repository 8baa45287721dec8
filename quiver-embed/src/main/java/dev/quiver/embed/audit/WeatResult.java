package dev.quiver.embed.audit;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one {@link Weat} test on one model.
 *
 * @param test        the test's name ({@code weat1})
 * @param title       what it measures
 * @param model       the model's name
 * @param sentences   true for SEAT (template sentences), false for bare words
 * @param x           name of target set X; {@code y}, {@code a}, {@code b} likewise
 * @param nx          items (words or sentences) in X; {@code ny}, {@code na}, {@code nb} likewise
 * @param effectSize  Cohen's-d-like effect size; positive: X is closer to A, Y to B
 * @param statistic   the test statistic s(X, Y, A, B)
 * @param pValue      one-sided permutation p-value
 * @param exact       true when every partition was enumerated
 * @param partitions  partitions enumerated (exact) or possible (sampled)
 * @param seed        seed of the random partitions (0 when exact)
 * @param alpha       significance level
 * @param significant {@code pValue < alpha}
 */
public record WeatResult(String test, String title, String model, boolean sentences, String x, String y,
    String a, String b, int nx, int ny, int na, int nb, double effectSize, double statistic, double pValue,
    boolean exact, double partitions, long seed, double alpha, boolean significant) {

  /** How the p-value was computed, in words. */
  public String pValueMethod(int samples) {
    return exact ? String.format(Locale.ROOT, "exact over all %,.0f partitions", partitions)
        : String.format(Locale.ROOT, "%,d random partitions of %.3g (seed %d)", samples, partitions, seed);
  }

  /** A table of results, one line each, then how p was computed and which associations are significant. */
  public static String table(List<WeatResult> results, int samples) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-8s %-30s %-28s %6s %5s %8s %9s  %s%n", "test", "targets X vs Y",
        "attributes A vs B", "items", "", "effect d", "p", "significant"));
    for (WeatResult r : results) {
      out.append(String.format(Locale.ROOT, "%-8s %-30s %-28s %6s %5s %8.3f %9s  %s%n", r.test(),
          cut(r.x() + " vs " + r.y(), 30), cut(r.a() + " vs " + r.b(), 28), r.nx() + "/" + r.ny(),
          r.sentences() ? "SEAT" : "words", r.effectSize(), p(r.pValue(), r.exact(), samples),
          r.significant() ? "yes (p < " + r.alpha() + ")" : "no"));
    }
    out.append('\n');
    out.append("effect d = (mean_x s(x,A,B) - mean_y s(y,A,B)) / sample std-dev (n-1) of s(w,A,B) over X u Y;"
        + " positive: X nearer A and Y nearer B\n");
    out.append("p = one-sided permutation test, Pr[s(Xi,Yi,A,B) > s(X,Y,A,B)] over equal-size re-partitions of"
        + " X u Y: ");
    out.append(results.stream().allMatch(WeatResult::exact) ? "exact (every partition)"
        : results.stream().noneMatch(WeatResult::exact) ? String.format(Locale.ROOT,
            "estimated from %,d random partitions (seed %d)", samples, results.get(0).seed())
        : String.format(Locale.ROOT, "exact where the partitions are few, else %,d random ones", samples));
    out.append('\n');
    if (!results.isEmpty()) {
      out.append("model: ").append(results.get(0).model()).append("; Caliskan, Bryson & Narayanan (Science,"
          + " 2017)").append(results.stream().anyMatch(WeatResult::sentences) ? "; SEAT templates of May et al."
          + " (NAACL 2019)" : "").append('\n');
    }
    return out.toString();
  }

  private static String p(double p, boolean exact, int samples) {
    if (p == 0 && !exact) {
      return "< " + String.format(Locale.ROOT, "%.0e", 1.0 / samples);
    }
    return p < 1e-3 && p > 0 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
