package dev.quiver.engine.ingest;

import java.util.List;

/**
 * What an ingestion did.
 *
 * @param added documents seen for the first time
 * @param replaced documents whose content changed: their chunks were replaced
 * @param unchanged documents whose bytes were already stored: skipped
 * @param failed documents that could not be read; see {@code errors}
 * @param chunks chunks written
 * @param errors one line per failed document, naming it and the reason
 * @param seconds wall time
 */
public record IngestReport(int added, int replaced, int unchanged, int failed, long chunks,
    List<String> errors, double seconds) {

  public IngestReport {
    errors = List.copyOf(errors);
  }

  public int documents() {
    return added + replaced + unchanged + failed;
  }

  /** Chunks written per second of wall time. */
  public double chunksPerSecond() {
    return seconds <= 0 ? 0 : chunks / seconds;
  }
}
