package dev.quiver.engine.quality;

import dev.quiver.engine.PointId;
import dev.quiver.engine.quality.HealthReport.Distribution;
import dev.quiver.engine.quality.HealthReport.Hub;
import dev.quiver.engine.quality.HealthReport.MissingField;
import dev.quiver.engine.quality.HealthReport.NormOffender;
import dev.quiver.engine.quality.HealthReport.Outlier;
import dev.quiver.engine.quality.HealthReport.Pair;
import dev.quiver.engine.quality.HealthReport.Quantile;
import dev.quiver.engine.quality.HealthReport.VectorHealth;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link HealthReport} as plain text for a terminal, histograms drawn with bars. */
public final class HealthReportText {

  private static final int BAR = 40;

  private HealthReportText() {}

  public static String render(HealthReport r) {
    StringBuilder out = new StringBuilder();
    line(out, "Health of collection '%s': %,d points (%d threads, %,d ms)", r.collection(), r.points(),
        r.threads(), r.elapsedMillis());
    for (VectorHealth v : r.vectors()) {
      out.append('\n');
      vector(out, v);
    }
    out.append('\n');
    line(out, "Payload fields (expected when carried by >= %s of points):", pct(r.payload().coverage()));
    if (r.payload().fields().isEmpty()) {
      line(out, "  no payload fields");
    }
    for (var f : r.payload().fields()) {
      line(out, "  %-24s %,d points (%s)", f.field(), f.points(), pct(r.points() == 0 ? 0
          : (double) f.points() / r.points()));
    }
    if (r.payload().missing().isEmpty()) {
      line(out, "  ok: no point lacks an expected field");
    }
    for (MissingField m : r.payload().missing()) {
      line(out, "  MISSING '%s' in %,d points, e.g. %s", m.field(), m.missing(), ids(m.sample()));
    }
    return out.toString();
  }

  private static void vector(StringBuilder out, VectorHealth v) {
    line(out, "Vector '%s' (%d-d, %s), k = %d nearest neighbours from the index (ef %d)", v.vector(),
        v.dimension(), v.metric().name().toLowerCase(Locale.ROOT), v.k(), v.efSearch());
    for (String note : v.notes()) {
      line(out, "  note: %s", note);
    }
    line(out, "  non-finite vectors   %,d", v.nonFinite());
    line(out, "  zero vectors         %,d", v.zeroNorm());
    line(out, "  near-zero norm       %,d%s", v.nearZeroNorm(), v.nearZeroIds().isEmpty() ? ""
        : "  e.g. " + v.nearZeroIds().stream().map(HealthReportText::offender).collect(Collectors.joining(", ")));
    var ex = v.exactDuplicates();
    line(out, "  exact duplicates     %,d groups, %,d points (%,d redundant)", ex.groups(), ex.points(), ex.redundant());
    for (List<PointId> g : ex.sample()) {
      line(out, "    %s", ids(g));
    }
    var nd = v.nearDuplicates();
    line(out, "  near duplicates      %,d pairs over %,d points (cosine >= %s)", nd.pairs(), nd.points(),
        num(nd.threshold()));
    for (Pair p : nd.sample()) {
      line(out, "    %s ~ %s  cosine %.5f", p.a(), p.b(), p.cosine());
    }
    var ol = v.outliers();
    line(out, "  outliers             %,d (robust z of the k-th neighbour distance > %s; median %s, MAD %s)",
        ol.count(), num(ol.threshold()), num(ol.median()), num(ol.mad()));
    for (Outlier o : ol.sample()) {
      line(out, "    %s  distance %s  z %.1f", o.id(), num(o.kthDistance()), o.z());
    }
    var h = v.hubness();
    line(out, "  hubness              N_k mean %.2f, sd %.2f, skewness %.2f, max %d; %,d anti-hubs (N_k = 0)",
        h.mean(), h.stdDev(), h.skewness(), h.max(), h.antihubs());
    line(out, "  hubs                 %,d (N_k >= %s)", h.hubs(), num(h.threshold()));
    for (Hub hub : h.sample()) {
      line(out, "    %s  in %d k-NN lists", hub.id(), hub.occurrences());
    }
    distribution(out, "norm", v.norms());
    distribution(out, "nearest-neighbour distance", v.nearestDistance());
    distribution(out, "k-th neighbour distance", v.kthDistance());
  }

  private static void distribution(StringBuilder out, String title, Distribution d) {
    if (d.count() == 0) {
      line(out, "  %s: no data", title);
      return;
    }
    line(out, "  %s: min %s, mean %s, max %s; %s", title, num(d.min()), num(d.mean()), num(d.max()),
        d.quantiles().stream().map(HealthReportText::quantile).collect(Collectors.joining(", ")));
    long most = 1;
    for (long c : d.counts()) {
      most = Math.max(most, c);
    }
    for (int i = 0; i < d.counts().length; i++) {
      long c = d.counts()[i];
      int len = (int) Math.round((double) c * BAR / most);
      line(out, "    %12s | %-" + BAR + "s %,d", num(d.min() + i * d.width()), "#".repeat(c > 0 ? Math.max(1, len) : 0), c);
    }
  }

  private static String quantile(Quantile q) {
    return "p" + Math.round(q.p() * 100) + " " + num(q.value());
  }

  private static String offender(NormOffender o) {
    return o.id() + " (" + num(o.norm()) + ")";
  }

  private static String ids(List<PointId> ids) {
    return ids.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, "%.1f%%", f * 100);
  }

  static String num(double v) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    return a >= 1e5 || a < 1e-3 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.4f", v)
        .replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
