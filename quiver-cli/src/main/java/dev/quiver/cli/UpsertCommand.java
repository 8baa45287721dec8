package dev.quiver.cli;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver upsert NAME FILE|-}: points from JSON lines or CSV, in batches, with a progress bar.
 * Each point is checked against the collection's vectors before it is sent, so a bad line is
 * reported with its number; without {@code --skip-bad} the first one stops the run (everything
 * before it is written).
 */
@Command(name = "upsert", mixinStandardHelpOptions = true,
    description = {"Insert or replace points from a JSON-lines or CSV file (or - for stdin).",
        "JSON lines: {\"id\": 1, \"vector\": [0.1, ...], \"payload\": {...}} per line"
            + " (named vectors: \"vector\": {\"name\": [...]}).",
        "CSV: a header; an id column, the vector as one column (a JSON array or floats separated by"
            + " spaces or semicolons) or as columns v0..vN (named vectors: columns vector.NAME),"
            + " every other column is payload (numbers typed)."})
final class UpsertCommand extends DataCommand {

  static final int MAX_REPORTED = 20;

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Parameters(index = "1", paramLabel = "FILE", description = "JSON-lines or CSV file; - reads stdin")
  String file;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "jsonl or csv (default: from the extension: .csv, .tsv, else jsonl)")
  String format;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "256",
      description = "Points per write (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--skip-bad", description = "Report bad lines and go on (default: stop at the first)")
  boolean skipBad;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar")
  boolean quiet;

  @Option(names = "--id-column", paramLabel = "COLUMN", defaultValue = "id",
      description = "CSV column of the ids (default ${DEFAULT-VALUE})")
  String idColumn;

  @Option(names = "--vector-column", paramLabel = "COLUMN", defaultValue = "vector",
      description = "CSV column of the vector (default ${DEFAULT-VALUE}; else columns v0..vN)")
  String vectorColumn;

  private String resolvedFormat;

  @Override
  void validate() {
    if (batch < 1 || batch > 100_000) {
      throw new CliException(ExitCodes.USAGE, "--batch is " + batch + "; expected 1 to 100000");
    }
    String f = format;
    if (f == null) {
      String lower = file.toLowerCase(Locale.ROOT);
      f = lower.endsWith(".csv") ? "csv" : lower.endsWith(".tsv") ? "tsv" : "jsonl";
    }
    f = f.trim().toLowerCase(Locale.ROOT);
    if (f.equals("ndjson") || f.equals("json")) {
      f = "jsonl";
    }
    if (!f.equals("jsonl") && !f.equals("csv") && !f.equals("tsv")) {
      throw new CliException(ExitCodes.USAGE, "--format '" + format + "' is unknown; expected jsonl or csv");
    }
    resolvedFormat = f;
    if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
      throw new CliException(ExitCodes.NOT_FOUND, "input file " + file + " does not exist");
    }
  }

  /** Bytes read so far, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }

  @Override
  int run(Database db) throws IOException {
    VectorCollection c = db.db().collection(name);
    CollectionConfig config = c.config();
    boolean stdin = file.equals("-");
    long size = stdin ? -1 : Files.size(Path.of(file));
    Counting counting = new Counting(stdin ? System.in : Files.newInputStream(Path.of(file)));
    Progress progress = new Progress(err(), !quiet && Progress.terminal(), size);
    long start = System.nanoTime();
    long written = 0;
    long bad = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16)) {
      PointSource source = resolvedFormat.equals("jsonl") ? new JsonLinesSource(reader)
          : new CsvSource(reader, resolvedFormat.equals("tsv") ? '\t' : ',', config, idColumn, vectorColumn);
      List<Point> pending = new ArrayList<>(batch);
      List<Long> pendingLines = new ArrayList<>(batch);
      PointSource.Item item;
      while ((item = source.next()) != null) {
        String error = item.error() != null ? item.error() : check(item.point(), config);
        if (error != null) {
          bad++;
          if (!skipBad) {
            written += flush(c, pending, pendingLines, false, progress);
            progress.interrupt();
            throw new CliException(ExitCodes.INVALID_INPUT, where(item.line()) + ": " + error + " (" + written
                + " points before it were written; --skip-bad skips bad lines)");
          }
          report(progress, bad, where(item.line()) + ": " + error);
          continue;
        }
        pending.add(item.point());
        pendingLines.add(item.line());
        if (pending.size() == batch) {
          long n = flush(c, pending, pendingLines, skipBad, progress);
          bad += batch - n;
          written += n;
          progress.update(written, counting.count);
        }
      }
      int last = pending.size();
      long n = flush(c, pending, pendingLines, skipBad, progress);
      bad += last - n;
      written += n;
      progress.finish(written, counting.count);
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    out().printf(Locale.ROOT, "upserted %d points into '%s'%s in %.1f s (%,.0f points/s)%n", written, name,
        bad > 0 ? ", skipped " + bad + " bad line" + (bad == 1 ? "" : "s") : "", seconds, written / seconds);
    return ExitCodes.OK;
  }

  private String where(long line) {
    return (file.equals("-") ? "stdin" : file) + " line " + line;
  }

  private void report(Progress progress, long nth, String message) {
    if (nth <= MAX_REPORTED) {
      progress.interrupt();
      err().println("skipped " + message);
    } else if (nth == MAX_REPORTED + 1) {
      progress.interrupt();
      err().println("(further bad lines are counted, not shown)");
    }
    err().flush();
  }

  /**
   * Writes the pending points and clears them; returns how many were written. When the database
   * refuses the batch and bad points may be skipped, retries them one at a time to find the bad ones.
   */
  private long flush(VectorCollection c, List<Point> pending, List<Long> lines, boolean skip, Progress progress) {
    if (pending.isEmpty()) {
      return 0;
    }
    try {
      c.upsert(pending);
      return pending.size();
    } catch (IllegalArgumentException e) {
      if (!skip) {
        throw new CliException(ExitCodes.INVALID_INPUT, where(lines.get(0)) + " to " + lines.get(lines.size() - 1)
            + ": the batch was refused: " + e.getMessage());
      }
      long ok = 0;
      for (int i = 0; i < pending.size(); i++) {
        try {
          c.upsert(List.of(pending.get(i)));
          ok++;
        } catch (IllegalArgumentException one) {
          report(progress, 1, where(lines.get(i)) + ": " + one.getMessage());
        }
      }
      return ok;
    } finally {
      pending.clear();
      lines.clear();
    }
  }

  /** Why the point does not fit the collection, or null if it does. */
  static String check(Point p, CollectionConfig config) {
    for (Map.Entry<String, float[]> e : p.vectors().entrySet()) {
      VectorParams params = config.vectors().get(e.getKey());
      if (params == null) {
        return CollectionConfig.DEFAULT_VECTOR.equals(e.getKey())
            ? "the collection has named vectors " + config.vectors().keySet() + "; give \"vector\": {\"name\": [...]}"
            : "unknown vector '" + e.getKey() + "'; the collection has " + config.vectors().keySet();
      }
      if (params.dimension() > 0 && e.getValue().length != params.dimension()) {
        return "vector " + (config.vectors().size() == 1 && CollectionConfig.DEFAULT_VECTOR.equals(e.getKey())
            ? "" : "'" + e.getKey() + "' ") + "has dimension " + e.getValue().length + ", the collection expects "
            + params.dimension();
      }
      for (int i = 0; i < e.getValue().length; i++) {
        if (!Float.isFinite(e.getValue()[i])) {
          return "vector component " + i + " is " + e.getValue()[i] + "; expected a finite number";
        }
      }
    }
    for (Map.Entry<String, VectorParams> e : config.vectors().entrySet()) {
      if (!p.vectors().containsKey(e.getKey()) && e.getValue().model() == null) {
        return CollectionConfig.DEFAULT_VECTOR.equals(e.getKey()) ? "the point has no vector"
            : "the point has no vector '" + e.getKey() + "'";
      }
    }
    return null;
  }
}
