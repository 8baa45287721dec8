package dev.quiver.server;

import static dev.quiver.server.Access.WRITE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.embed.ingest.Document;
import dev.quiver.embed.ingest.DocumentLoader;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.ingest.IngestReport;
import dev.quiver.engine.ingest.Ingester;
import io.javalin.http.Context;
import java.util.List;

/**
 * Document ingestion: {@code POST /collections/{c}/documents?name=report.pdf} with the file's bytes
 * as the body. The name's extension picks the loader and the name is the chunks' {@code source},
 * so posting the same name again replaces that document (or does nothing when the bytes are the
 * same). Optional {@code chunk_tokens} and {@code overlap_tokens} set the chunking.
 */
final class DocumentRoutes {

  private final Quiver db;
  private final long maxBodyBytes;

  DocumentRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
  }

  List<Route> routes() {
    return List.of(Route.post("/collections/{c}/documents", WRITE, this::ingest));
  }

  private void ingest(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    String name = ctx.queryParam("name");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("query parameter 'name' is required: the document's file name"
          + " with its extension, e.g. ?name=guide.md (supported: .txt, .md, .html, .htm, .pdf)");
    }
    if (!DocumentLoader.supports(name)) {
      throw new IllegalArgumentException("cannot ingest '" + name + "': unsupported file type; supported:"
          + " .txt, .md, .html, .htm, .pdf");
    }
    ChunkingConfig chunking = new ChunkingConfig(
        intParam(ctx, "chunk_tokens", ChunkingConfig.DEFAULT_MAX_TOKENS),
        intParam(ctx, "overlap_tokens", ChunkingConfig.DEFAULT_OVERLAP_TOKENS), null);
    Ingester ingester = new Ingester(col, chunking);
    Document doc = DocumentLoader.load(name, RequestBodies.document(ctx, maxBodyBytes));
    IngestReport r = ingester.ingest(doc);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("source", doc.source());
    out.put("title", doc.title());
    out.put("status", r.added() > 0 ? "added" : r.replaced() > 0 ? "replaced" : "unchanged");
    out.put("chunks", r.chunks());
    out.put("content_hash", doc.contentHash());
    Responses.ok(ctx, out);
  }

  private static int intParam(Context ctx, String name, int dflt) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + v + "'");
    }
  }
}
