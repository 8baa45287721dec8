package dev.quiver.embed.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What ingesting a set of paths would store: per readable file its content hash and its chunks
 * (stable ids, payloads), and per unreadable file the reason. Computing a plan touches no
 * collection; the engine applies it (skip files whose hash is stored, upsert the chunks of the
 * others, then delete the source's chunks with another hash).
 *
 * @param files the supported files that loaded, in path order
 * @param failures the files that could not be read or parsed, in path order
 */
public record IngestPlan(List<FilePlan> files, List<Failure> failures) {

  public IngestPlan {
    files = List.copyOf(files);
    failures = List.copyOf(failures);
  }

  /** Chunks across all files. */
  public int chunkCount() {
    int n = 0;
    for (FilePlan f : files) {
      n += f.chunks().size();
    }
    return n;
  }

  /**
   * One file's chunks.
   *
   * @param path the file as found (its string form is the payload's {@code source})
   * @param contentHash SHA-256 of the file's bytes, lower-case hex
   * @param document the loaded document and its chunks
   */
  public record FilePlan(Path path, String contentHash, ChunkedDocument document) {

    public List<ChunkedDocument.Part> chunks() {
      return document.parts();
    }

    /** The point ids, in chunk order. */
    public List<UUID> ids() {
      return document.parts().stream().map(ChunkedDocument.Part::id).toList();
    }

    /** The payloads, in chunk order. */
    public List<ObjectNode> payloads() {
      return document.parts().stream().map(ChunkedDocument.Part::payload).toList();
    }
  }

  /** A file that was skipped: {@code message} says why and names it. */
  public record Failure(Path path, String message) {}
}
