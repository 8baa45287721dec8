package dev.quiver.cli;

import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.ingest.IngestFiles;
import dev.quiver.engine.ingest.IngestReport;
import dev.quiver.engine.ingest.Ingester;
import dev.quiver.engine.ingest.MediaIngester;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver ingest NAME PATH...}: documents, images and sounds into a collection bound to
 * embedding models. Files are read here; with {@code --url} their chunks (and media bytes) go to
 * the server, which embeds them.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Load .txt, .md, .html and .pdf files (folders recursively), cut them into chunks and"
        + " store them in a collection bound to an embedding model (create it with --model).",
        "Images (.png, .jpg, .jpeg, .gif, .bmp) and sounds (.wav) become one point each, embedded by the"
        + " models of the vectors that take them; a file some vector cannot embed is reported as failed.",
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

  @Option(names = "--keep-bytes",
      description = "Also store image and sound files' bytes (base64) in the payload, field data_base64")
  boolean keepBytes;

  private ChunkingConfig chunking;
  private IngestFiles files;

  @Override
  void validate() {
    try {
      chunking = ChunkingConfig.of(chunkTokens, overlapTokens);
      files = IngestFiles.list(paths);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, e.getMessage());
    }
  }

  @Override
  int run(Database db) {
    VectorCollection collection = db.db().collection(name);
    Progress progress = new Progress(err(), !quiet && Progress.terminal(), files.size(), "chunks");
    long[] done = new long[2]; // files, chunks and media points
    Ingester.Listener listener = new Ingester.Listener() {
      @Override
      public void document(String source, String outcome, int chunks) {
        done[0]++;
        done[1] += chunks;
        progress.update(done[1], done[0]);
      }
    };
    IngestReport docs = files.documents().isEmpty() && !files.media().isEmpty() ? null
        : new Ingester(collection, chunking).ingest(files.documents(), listener);
    IngestReport media = files.media().isEmpty() ? null
        : new MediaIngester(collection, keepBytes).ingest(files.media(), listener);
    progress.finish(done[1], done[0]);
    int failed = 0;
    if (docs != null) {
      out().println(String.format(Locale.ROOT,
          "%d documents: %d added, %d replaced, %d unchanged, %d failed; %,d chunks in %.1f s (%,.0f chunks/s)",
          docs.documents(), docs.added(), docs.replaced(), docs.unchanged(), docs.failed(), docs.chunks(),
          docs.seconds(), docs.chunksPerSecond()));
      failed += docs.failed();
    }
    if (media != null) {
      out().println(String.format(Locale.ROOT,
          "%d images and sounds: %d added, %d replaced, %d unchanged, %d failed in %.1f s",
          media.documents(), media.added(), media.replaced(), media.unchanged(), media.failed(), media.seconds()));
      failed += media.failed();
    }
    for (IngestReport r : new IngestReport[] {docs, media}) {
      for (String e : r == null ? java.util.List.<String>of() : r.errors()) {
        err().println("failed: " + e);
      }
    }
    return failed > 0 ? ExitCodes.INVALID_INPUT : ExitCodes.OK;
  }
}
