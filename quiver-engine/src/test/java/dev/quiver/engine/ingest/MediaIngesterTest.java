package dev.quiver.engine.ingest;

import static dev.quiver.engine.FakeMediaModels.BLUE;
import static dev.quiver.engine.FakeMediaModels.GREEN;
import static dev.quiver.engine.FakeMediaModels.RED;
import static dev.quiver.engine.FakeMediaModels.png;
import static dev.quiver.engine.FakeMediaModels.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.embed.ingest.ChunkingConfig;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.FakeEmbeddingModel;
import dev.quiver.engine.FakeMediaModels;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.ScrollRequest;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.engine.filter.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaIngesterTest {

  @TempDir Path dir;

  private final FakeMediaModels.Model cells = FakeMediaModels.cells();
  private final FakeMediaModels.Model joint = FakeMediaModels.joint();
  private final FakeMediaModels.Model signal = FakeMediaModels.signal();
  private final FakeEmbeddingModel words = new FakeEmbeddingModel("fake-words", "v1", 32);

  private Quiver open() throws Exception {
    return Quiver.open(dir.resolve("db"), QuiverConfig.defaults()
        .withModels(FakeEmbeddingModel.provider(cells, joint, signal, words)));
  }

  private static CollectionConfig pictures() {
    Map<String, VectorParams> v = new LinkedHashMap<>();
    v.put("image", VectorParams.forModel("fake-cells"));
    v.put("clip", VectorParams.forModel("fake-joint"));
    return CollectionConfig.named(v);
  }

  private Path folder() throws Exception {
    Path d = Files.createDirectories(dir.resolve("files"));
    Files.write(d.resolve("red.png"), png(8, RED));
    Files.write(d.resolve("green.png"), png(6, GREEN));
    Files.write(d.resolve("blue.bmp"), FakeMediaModels.encode(javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(png(10, BLUE))), "bmp"));
    Files.createDirectories(d.resolve(".hidden"));
    Files.write(d.resolve(".hidden/skip.png"), png(4, RED));
    Files.writeString(d.resolve("notes.bin"), "ignored: not a supported type");
    return d;
  }

  private static ObjectNode payloadOf(VectorCollection c, String source) {
    return c.scroll(ScrollRequest.of(5).withFilter(Filter.parse("{\"must\": [{\"key\": \"source\", \"match\":"
        + " {\"value\": \"" + source.replace("\\", "\\\\") + "\"}}]}"))).points().get(0).payload();
  }

  @Test
  void aFolderOfImagesIsOnePointPerFileAndReingestIsIdempotent() throws Exception {
    Path d = folder();
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("pics", pictures());
      IngestFiles files = IngestFiles.list(List.of(d));
      assertEquals(3, files.media().size());
      assertEquals(0, files.documents().size());
      MediaIngester ingester = new MediaIngester(c);
      IngestReport r = ingester.ingest(files.media(), new Ingester.Listener() {});
      assertEquals(3, r.added());
      assertEquals(3, c.count(null));
      assertEquals(1, cells.calls.get(), "the folder is one model batch");

      ObjectNode red = payloadOf(c, d.resolve("red.png").toString());
      assertEquals("image", red.get("media").asText());
      assertEquals("image/png", red.get("media_type").asText());
      assertEquals(8, red.get("width").asInt());
      assertEquals(8, red.get("height").asInt());
      assertEquals(Files.size(d.resolve("red.png")), red.get("size_bytes").asLong());
      assertEquals(64, red.get("content_hash").asText().length());
      assertFalse(red.has(MediaIngester.DATA_BASE64), "bytes are not kept unless asked");
      assertEquals("image/bmp", payloadOf(c, d.resolve("blue.bmp").toString()).get("media_type").asText());

      assertEquals(d.resolve("blue.bmp").toString(),
          c.search(SearchRequest.ofText("blue", 1).using("clip")).get(0).payload().get("source").asText());

      // same bytes: nothing; changed bytes: replaced in place
      IngestReport again = ingester.ingest(files.media(), new Ingester.Listener() {});
      assertEquals(3, again.unchanged());
      assertEquals(0, again.chunks());
      Files.write(d.resolve("red.png"), png(12, GREEN));
      IngestReport changed = ingester.ingest(files.media(), new Ingester.Listener() {});
      assertEquals(1, changed.replaced());
      assertEquals(2, changed.unchanged());
      assertEquals(3, c.count(null));
      assertEquals(12, payloadOf(c, d.resolve("red.png").toString()).get("width").asInt());
    }
    try (Quiver db = open()) { // durable across reopen
      VectorCollection c = db.collection("pics");
      assertEquals(3, c.count(null));
      IngestReport r = new MediaIngester(c).ingest(IngestFiles.list(List.of(d)).media(), new Ingester.Listener() {});
      assertEquals(3, r.unchanged());
    }
  }

  @Test
  void soundsCarryTheirDurationAndCanKeepTheirBytes() throws Exception {
    Path d = Files.createDirectories(dir.resolve("sounds"));
    Files.write(d.resolve("low.wav"), wav(220, 0.5, 0.5));
    Files.write(d.resolve("high.wav"), wav(1800, 0.25, 0.5));
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("sounds", CollectionConfig.single(VectorParams.forModel("fake-signal")));
      IngestReport r = new MediaIngester(c, true).ingest(IngestFiles.list(List.of(d)).media(), new Ingester.Listener() {});
      assertEquals(2, r.added());
      ObjectNode high = payloadOf(c, d.resolve("high.wav").toString());
      assertEquals("audio", high.get("media").asText());
      assertEquals("audio/wav", high.get("media_type").asText());
      assertEquals(0.25, high.get("duration_seconds").asDouble(), 1e-9);
      assertEquals(Files.size(d.resolve("high.wav")),
          Base64.getDecoder().decode(high.get(MediaIngester.DATA_BASE64).asText()).length);
      String best = c.search(SearchRequest.ofMedia(MediaInput.audio(wav(1700, 0.2, 0.5)), 1)).get(0)
          .payload().get("source").asText();
      assertEquals(d.resolve("high.wav").toString(), best);
    }
  }

  @Test
  void filesNoVectorCanEmbedAreReportedNotSkipped() throws Exception {
    Path d = folder();
    Files.write(d.resolve("broken.png"), "not an image".getBytes());
    Files.write(d.resolve("tone.wav"), wav(440, 0.1, 0.5));
    Files.writeString(d.resolve("readme.md"), "# Red\n\nA red square and a green one.");
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("pics", pictures());
      IngestFiles files = IngestFiles.list(List.of(d));
      assertEquals(5, files.media().size());
      assertEquals(1, files.documents().size());
      IngestReport r = new MediaIngester(c).ingest(files.media(), new Ingester.Listener() {});
      assertEquals(3, r.added());
      assertEquals(2, r.failed());
      String all = String.join("\n", r.errors());
      assertTrue(all.contains("broken.png") && all.contains("not a PNG, JPEG, GIF or BMP image"), all);
      assertTrue(all.contains("tone.wav") && all.contains("audio input for vector 'image'")
          && all.contains("fake-cells"), all);
      // a document into a collection whose 'image' vector takes only images
      IngestReport docs = new Ingester(c, ChunkingConfig.defaults()).ingest(files.documents(), new Ingester.Listener() {});
      assertEquals(1, docs.failed());
      assertTrue(docs.errors().get(0).contains("readme.md") && docs.errors().get(0).contains("no vector 'image'"),
          docs.errors().get(0));
      assertEquals(3, c.count(null));
    }
  }

  @Test
  void aFolderOfDocumentsAndImagesGoesIntoOneJointVector() throws Exception {
    Path d = folder();
    Files.writeString(d.resolve("sky.md"), "The sky is blue today.");
    try (Quiver db = open()) {
      VectorCollection c = db.createCollection("mixed", CollectionConfig.named(Map.of("clip", VectorParams.forModel("fake-joint"))));
      IngestFiles files = IngestFiles.list(List.of(d));
      IngestReport docs = new Ingester(c, ChunkingConfig.defaults()).ingest(files.documents(), new Ingester.Listener() {});
      IngestReport media = new MediaIngester(c).ingest(files.media(), new Ingester.Listener() {});
      assertEquals(1, docs.added());
      assertEquals(3, media.added());
      // an image query finds the blue picture first and the blue caption among the rest
      List<String> sources = c.search(SearchRequest.ofMedia(MediaInput.image(png(4, BLUE)), 2).using("clip")).stream()
          .map(h -> h.payload().get("source").asText()).toList();
      assertTrue(sources.get(0).endsWith("blue.bmp") && sources.get(1).endsWith("sky.md"), sources.toString());
    }
  }

  @Test
  void unsupportedNamesAndUnboundCollectionsAreRefused() throws Exception {
    Path d = folder();
    String m = assertThrows(IllegalArgumentException.class,
        () -> IngestFiles.list(List.of(d.resolve("notes.bin")))).getMessage();
    assertTrue(m.contains("notes.bin") && m.contains(".png") && m.contains(".wav") && m.contains(".pdf"), m);
    m = assertThrows(IllegalArgumentException.class, () -> MediaFile.of("cat.tiff", new byte[] {1})).getMessage();
    assertTrue(m.contains("cat.tiff") && m.contains(".jpeg"), m);
    try (Quiver db = open()) {
      VectorCollection raw = db.createCollection("raw", CollectionConfig.single(VectorParams.of(3,
          dev.quiver.core.vector.Metric.COSINE)));
      m = assertThrows(IllegalArgumentException.class, () -> new MediaIngester(raw)).getMessage();
      assertTrue(m.contains("not bound to an embedding model"), m);
      assertEquals(0, raw.count(null));
      assertTrue(Point.ofMedia(dev.quiver.engine.PointId.of(1), "x", MediaInput.image(new byte[] {1}), null)
          .vectors().isEmpty());
    }
  }
}
