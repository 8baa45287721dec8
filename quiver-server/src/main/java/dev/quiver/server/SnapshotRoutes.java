package dev.quiver.server;

import static dev.quiver.server.Access.READ;
import static dev.quiver.server.Access.WRITE;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.quiver.api.ApiCodec;
import dev.quiver.api.ApiErrorCode;
import dev.quiver.api.ApiException;
import dev.quiver.api.SnapshotDescription;
import dev.quiver.engine.CollectionExistsException;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.SnapshotTooLargeException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Snapshot files in {@code <data>/snapshots/<collection>/}. Collection and snapshot names from
 * the path are checked against strict patterns (no separators, no leading dot) and the resolved
 * file must stay inside the snapshot folder, so no request reaches another file. An upload is
 * unpacked within the engine's {@link dev.quiver.engine.SnapshotLimits} (413 beyond them); its
 * temporary file is removed when the request ends, and by {@link Quiver#open} after a crash.
 */
final class SnapshotRoutes {

  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}\\.snapshot");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

  private final Quiver db;
  private final Path root;
  private final long maxBodyBytes;

  SnapshotRoutes(Quiver db, long maxBodyBytes) {
    this.db = db;
    this.root = db.snapshotsFolder().toAbsolutePath().normalize();
    this.maxBodyBytes = maxBodyBytes;
  }

  List<Route> routes() {
    String s = "/collections/{c}/snapshots";
    return List.of(
        Route.post(s, WRITE, this::create),
        Route.get(s, READ, this::list),
        Route.post(s + "/upload", WRITE, this::upload),
        Route.get(s + "/{snap}", READ, this::download),
        Route.delete(s + "/{snap}", WRITE, this::delete));
  }

  private Path folder(String collection) {
    if (!COLLECTION.matcher(collection).matches()) {
      throw new IllegalArgumentException("collection name '" + collection + "' is invalid; expected 1 to 64 of"
          + " letters, digits, '_', '.', '-' not starting with '.' or '-'");
    }
    return inside(root.resolve(collection));
  }

  private Path file(Context ctx) {
    String name = ctx.pathParam("snap");
    if (!SNAPSHOT.matcher(name).matches()) {
      throw new IllegalArgumentException("snapshot name '" + name + "' is invalid; expected a file name such as"
          + " docs-20260101T120000.000Z.snapshot (letters, digits, '_', '.', '-', no path separators)");
    }
    Path f = inside(folder(ctx.pathParam("c")).resolve(name));
    if (!Files.isRegularFile(f)) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, "snapshot '" + name + "' of collection '"
          + ctx.pathParam("c") + "' does not exist; GET /collections/" + ctx.pathParam("c")
          + "/snapshots lists them");
    }
    return f;
  }

  private Path inside(Path p) {
    Path n = p.toAbsolutePath().normalize();
    if (!n.startsWith(root) || n.equals(root)) {
      throw new IllegalArgumentException("path '" + p.getFileName() + "' leaves the snapshot folder");
    }
    return n;
  }

  private void create(Context ctx) throws IOException {
    String c = ctx.pathParam("c");
    db.collection(c); // 404 before touching the disk
    Path dir = folder(c);
    Files.createDirectories(dir);
    String base = c + "-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
    Path file = dir.resolve(base + ".snapshot");
    for (int i = 1; Files.exists(file); i++) {
      file = dir.resolve(base + "-" + i + ".snapshot");
    }
    db.createSnapshot(c, file);
    Responses.ok(ctx, ApiCodec.snapshotToJson(new SnapshotDescription(file.getFileName().toString(), Files.size(file))));
  }

  private void list(Context ctx) throws IOException {
    Path dir = folder(ctx.pathParam("c"));
    List<SnapshotDescription> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.snapshot")) {
        for (Path f : ds) {
          if (Files.isRegularFile(f) && SNAPSHOT.matcher(f.getFileName().toString()).matches()) {
            out.add(new SnapshotDescription(f.getFileName().toString(), Files.size(f)));
          }
        }
      }
    }
    out.sort(Comparator.comparing(SnapshotDescription::name));
    Responses.ok(ctx, ApiCodec.snapshotsToJson(out));
  }

  private void download(Context ctx) throws IOException {
    Path f = file(ctx);
    ctx.status(200).contentType("application/octet-stream")
        .header("Content-Disposition", "attachment; filename=\"" + f.getFileName() + "\"")
        .header("Content-Length", Long.toString(Files.size(f)))
        .result(Files.newInputStream(f));
  }

  private void delete(Context ctx) throws IOException {
    Files.deleteIfExists(file(ctx));
    Responses.ok(ctx, BooleanNode.TRUE);
  }

  /** The exception's message without server paths. */
  private String describe(Exception e, Path tmp) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    m = m.replace(tmp.toString(), "the uploaded file").replace(db.folder().toAbsolutePath().toString(), "<data>")
        .replace(db.folder().toString(), "<data>");
    return e instanceof IllegalArgumentException ? m : e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
  }

  /** Streams the body to a temporary file beside the snapshots, restores it, removes the file. */
  private void upload(Context ctx) throws IOException {
    String c = ctx.pathParam("c");
    Path dir = folder(c);
    if (db.hasCollection(c)) {
      throw new CollectionExistsException(c);
    }
    Files.createDirectories(dir);
    Path tmp = dir.resolve(".upload-" + System.nanoTime() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        RequestBodies.copyBinary(ctx, out, maxBodyBytes);
      }
      try {
        db.restoreSnapshot(tmp, c);
      } catch (dev.quiver.engine.CollectionExistsException e) {
        throw e;
      } catch (SnapshotTooLargeException e) {
        throw new SnapshotTooLargeException(describe(e, tmp).replace("snapshot the uploaded file", "the uploaded snapshot"));
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        // the bytes came from the client: a corrupt or truncated file is bad input, not a fault
        throw new IllegalArgumentException("uploaded snapshot could not be restored: " + describe(e, tmp), e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    Responses.ok(ctx, BooleanNode.TRUE);
  }
}
