package dev.quiver.server;

import static dev.quiver.server.Access.WRITE;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.core.embed.Modality;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.ingest.MediaFile;
import dev.quiver.engine.ingest.MediaIngester;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Image and sound upload: {@code POST /collections/{c}/media?name=cat.png} with the file's bytes as
 * the body. The name's extension says what it is and becomes the point's {@code source}, so
 * posting the same name again replaces that point (or does nothing when the bytes are the same).
 * Every vector of the collection bound to a model that takes the file's modality is computed from
 * it. {@code keep_bytes=true} also stores the bytes (base64) in the payload. Points with base64
 * inputs go through {@code PUT .../points}; searches by image or sound through
 * {@code POST .../points/search}.
 */
final class MediaRoutes {

  private final Quiver db;
  private final long maxBodyBytes;

  MediaRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.maxBodyBytes = maxBodyBytes;
  }

  List<Route> routes() {
    return List.of(Route.post("/collections/{c}/media", WRITE, this::ingest));
  }

  private void ingest(Context ctx) {
    VectorCollection col = db.collection(ctx.pathParam("c"));
    String name = ctx.queryParam("name");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("query parameter 'name' is required: the file's name with its"
          + " extension, e.g. ?name=cat.png (supported: " + MediaFile.EXTENSIONS + ")");
    }
    Modality modality = MediaFile.modalityOf(name);
    boolean keep = boolParam(ctx, "keep_bytes");
    byte[] bytes = RequestBodies.media(ctx, maxBodyBytes);
    String ct = ctx.header("Content-Type");
    String type = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if ((type.startsWith("image/") && modality != Modality.IMAGE)
        || (type.startsWith("audio/") && modality != Modality.AUDIO)) {
      throw new IllegalArgumentException("Content-Type '" + ct + "' does not match the name '" + name
          + "', which is " + (modality == Modality.IMAGE ? "an image" : "a sound") + "; send the type of"
          + " the file, or application/octet-stream");
    }
    MediaFile file = MediaFile.of(name, bytes);
    MediaIngester.Stored s = new MediaIngester(col, keep).ingest(file);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("id", ApiCodec.idToJson(s.id()));
    out.put("source", file.source());
    out.put("media", file.modality().wireName());
    out.put("media_type", file.mediaType());
    out.put("status", s.status());
    out.put("size_bytes", bytes.length);
    out.put("content_hash", file.contentHash());
    Responses.ok(ctx, out);
  }

  private static boolean boolParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return false;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("query parameter '" + name + "' must be true or false, got '"
          + v + "'");
    };
  }
}
