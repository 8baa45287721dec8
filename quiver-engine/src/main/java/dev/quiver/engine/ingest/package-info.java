/**
 * Files into collections bound to embedding models, idempotently (by source and content hash).
 *
 * <ul>
 *   <li>{@link dev.quiver.engine.ingest.Ingester}: documents (.txt, .md, .html, .pdf) cut into
 *       chunks, one point per chunk, vectors embedded from the chunk text;
 *   <li>{@link dev.quiver.engine.ingest.MediaIngester}: images (.png, .jpg, .jpeg, .gif, .bmp) and
 *       sounds (.wav), one point per file, every vector whose model takes the file's modality
 *       computed from its bytes ({@link dev.quiver.engine.MediaInput}); the bytes themselves are
 *       not stored unless asked;
 *   <li>{@link dev.quiver.engine.ingest.IngestFiles}: expands paths (folders recursively) into the
 *       two kinds, for {@code quiver ingest}.
 * </ul>
 *
 * <p>Every vector of a collection is required on every point, so a file is stored only when every
 * vector can be computed from it: a folder of documents and images goes into a collection whose
 * vectors all take both (a joint text–image model); a file some vector cannot embed fails with a
 * message naming that vector and its model, and the rest of the folder goes on.
 */
package dev.quiver.engine.ingest;
