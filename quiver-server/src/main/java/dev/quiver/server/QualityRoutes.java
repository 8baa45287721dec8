package dev.quiver.server;

import static dev.quiver.server.Access.READ;

import dev.quiver.api.QualityCodec;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.embed.audit.Weat;
import dev.quiver.embed.audit.WeatDefinition;
import dev.quiver.embed.audit.WeatResult;
import dev.quiver.engine.EmbeddedCollection;
import dev.quiver.engine.Quiver;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Data quality ({@code dev.quiver.engine.quality}, {@code dev.quiver.embed.audit}), read-only:
 * {@code GET /collections/{c}/inspect} (the health report, options as query parameters) and
 * {@code POST /audit} (WEAT/SEAT bias tests on a model the server knows).
 */
final class QualityRoutes {

  private final Quiver db;
  private final long maxBodyBytes;

  QualityRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/collections/{c}/inspect", READ, this::inspect),
        Route.post("/audit", READ, this::audit));
  }

  private void inspect(Context ctx) {
    var options = QualityCodec.healthOptionsFromParams(ctx.queryParamMap());
    EmbeddedCollection col = db.collection(ctx.pathParam("c"));
    Responses.ok(ctx, QualityCodec.healthReportToJson(col.inspect(options)));
  }

  private void audit(Context ctx) {
    QualityCodec.AuditRequest r = QualityCodec.auditRequestFromJson(RequestBodies.json(ctx, maxBodyBytes, false));
    EmbeddingModel model = db.config().models().model(r.model());
    List<WeatResult> results = new ArrayList<>();
    for (WeatDefinition t : r.tests()) {
      results.add(Weat.run(model, t, r.options()));
    }
    Responses.ok(ctx, QualityCodec.auditResultToJson(model.name(), results, r.options()));
  }
}
