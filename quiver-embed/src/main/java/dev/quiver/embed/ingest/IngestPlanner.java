package dev.quiver.embed.ingest;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks paths (folders recursively, by supported extension; see {@link DocumentFiles}), loads each
 * file and cuts it into chunks: an {@link IngestPlan}. A file that fails to load is reported in the
 * plan, not thrown, so one corrupt PDF does not stop a folder. Thread-safe.
 */
public final class IngestPlanner {

  private final Chunker chunker;

  public IngestPlanner(ChunkingConfig config) {
    this.chunker = new Chunker(config);
  }

  /**
   * The plan for {@code paths}.
   *
   * @throws IllegalArgumentException for a path that does not exist or an explicitly named file of
   *     an unsupported type (a mistake in the request rather than in the data)
   */
  public IngestPlan plan(List<Path> paths) {
    List<IngestPlan.FilePlan> files = new ArrayList<>();
    List<IngestPlan.Failure> failures = new ArrayList<>();
    for (Path f : DocumentFiles.list(paths)) {
      try {
        files.add(planFile(f));
      } catch (IllegalArgumentException | UncheckedIOException e) {
        failures.add(new IngestPlan.Failure(f, e.getMessage()));
      }
    }
    return new IngestPlan(files, failures);
  }

  /**
   * One file's chunks.
   *
   * @throws IllegalArgumentException naming the file when it is unsupported, unreadable or corrupt
   */
  public IngestPlan.FilePlan planFile(Path file) {
    Document doc = DocumentLoader.load(file);
    return new IngestPlan.FilePlan(file, doc.contentHash(), ChunkedDocument.of(doc, chunker));
  }
}
