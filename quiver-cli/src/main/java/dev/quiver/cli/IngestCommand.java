package dev.quiver.cli;

import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.embed.ingest.DocumentFiles;
import dev.quiver.engine.ingest.IngestReport;
import dev.quiver.engine.ingest.Ingester;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver ingest NAME PATH...}: documents into a collection bound to an embedding model.
 * Files are read here; with {@code --url} their chunks go to the server, which embeds them.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Load .txt, .md, .html and .pdf files (folders recursively), cut them into chunks and"
        + " store them in a collection bound to an embedding model (create it with --model).",
        "Re-ingesting is idempotent: unchanged files are skipped, changed ones have their chunks replaced."})
final class IngestCommand extends DataCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "The collection")
  String name;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH", description = "Files or folders")
  List<Path> paths;

  @Option(names = "--chunk-tokens", paramLabel = "N",
      description = "Tokens per chunk (default " + ChunkingConfig.DEFAULT_MAX_TOKENS + ")")
  int chunkTokens = ChunkingConfig.DEFAULT_MAX_TOKENS;

  @Option(names = "--overlap-tokens", paramLabel = "N",
      description = "Tokens of trailing sentences repeated in the next chunk (default "
          + ChunkingConfig.DEFAULT_OVERLAP_TOKENS + ")")
  int overlapTokens = ChunkingConfig.DEFAULT_OVERLAP_TOKENS;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar")
  boolean quiet;

  private ChunkingConfig chunking;
  private int files;

  @Override
  void validate() {
    try {
      chunking = ChunkingConfig.of(chunkTokens, overlapTokens);
      files = DocumentFiles.list(paths).size();
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage());
    }
  }

  @Override
  int run(Database db) {
    Ingester ingester = new Ingester(db.db().collection(name), chunking);
    Progress progress = new Progress(err(), !quiet && Progress.terminal(), files, "chunks");
    long[] done = new long[2]; // documents, chunks
    IngestReport r = ingester.ingest(paths, new Ingester.Listener() {
      @Override
      public void document(String source, String outcome, int chunks) {
        done[0]++;
        done[1] += chunks;
        progress.update(done[1], done[0]);
      }
    });
    progress.finish(done[1], done[0]);
    out().println(String.format(Locale.ROOT,
        "%d documents: %d added, %d replaced, %d unchanged, %d failed; %,d chunks in %.1f s (%,.0f chunks/s)",
        r.documents(), r.added(), r.replaced(), r.unchanged(), r.failed(), r.chunks(), r.seconds(),
        r.chunksPerSecond()));
    for (String e : r.errors()) {
      err().println("failed: " + e);
    }
    return r.failed() > 0 ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
  }
}
