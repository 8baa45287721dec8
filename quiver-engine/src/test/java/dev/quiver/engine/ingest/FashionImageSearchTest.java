package dev.quiver.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.datasets.FashionMnist;
import dev.quiver.datasets.IdxReader;
import dev.quiver.datasets.DataPaths;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.ScoredPoint;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the real built-in image models: a folder of Fashion-MNIST PNGs ingested into a
 * collection whose {@code image} vector is bound to quiver-fashion-cnn and {@code clip} to
 * quiver-fashion-clip, then searched by text (clip) and by an image file (image).
 */
class FashionImageSearchTest {

  private static final int PER_CLASS = 4;

  @TempDir Path dir;

  private static byte[] png(float[] pixels) throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < pixels.length; i++) {
      image.getRaster().setSample(i % 28, i / 28, 0, (int) pixels[i]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void searchByTextAndByImageFindTheRightClass() throws Exception {
    Path data = DataPaths.sharedDataDir().resolve(FashionMnist.FOLDER);
    float[][] images = IdxReader.readImages(data.resolve("t10k-images-idx3-ubyte.gz"));
    int[] labels = FashionMnist.testLabels();
    // The first PER_CLASS test images of each class, under names that do not give the class away.
    Path folder = Files.createDirectories(dir.resolve("pictures"));
    Map<String, Integer> classOf = new HashMap<>();
    int[] taken = new int[10];
    int firstUnused = -1;
    for (int i = 0; i < labels.length && classOf.size() < 10 * PER_CLASS; i++) {
      if (taken[labels[i]] < PER_CLASS) {
        taken[labels[i]]++;
        Path file = folder.resolve(String.format("item-%05d.png", i));
        Files.write(file, png(images[i]));
        classOf.put(file.toString(), labels[i]);
      }
      firstUnused = i + 1;
    }
    Map<String, VectorParams> vectors = new LinkedHashMap<>();
    vectors.put("image", VectorParams.forModel("quiver-fashion-cnn"));
    vectors.put("clip", VectorParams.forModel("quiver-fashion-clip"));
    try (Quiver db = Quiver.open(dir.resolve("db"))) {
      VectorCollection c = db.createCollection("fashion", CollectionConfig.named(vectors));
      IngestReport report = new MediaIngester(c).ingest(IngestFiles.list(List.of(folder)).media(),
          new Ingester.Listener() {});
      assertEquals(10 * PER_CLASS, report.added());

      // By text, through the joint model's MiniLM side: the top 3 are ankle boots / sneakers.
      assertTopClass(c, SearchRequest.ofText("ankle boots", 3).using("clip"), classOf, 9);
      assertTopClass(c, SearchRequest.ofText("a pair of sneakers", 3).using("clip"), classOf, 7);
      assertTopClass(c, SearchRequest.ofText("trousers", 3).using("clip"), classOf, 1);

      // By an image file not in the collection: a trouser and a bag find their class.
      for (int wanted : new int[] {1, 8}) {
        int q = firstUnused;
        while (labels[q] != wanted) {
          q++;
        }
        assertTopClass(c, SearchRequest.ofMedia(MediaInput.image(png(images[q])), 3).using("image"),
            classOf, wanted);
      }
    }
  }

  private static void assertTopClass(VectorCollection c, SearchRequest request,
      Map<String, Integer> classOf, int expected) {
    List<ScoredPoint> hits = c.search(request);
    assertEquals(3, hits.size());
    for (ScoredPoint hit : hits) {
      String source = hit.payload().get("source").asText();
      assertTrue(classOf.get(source) == expected, "expected class "
          + FashionMnist.CLASS_NAMES.get(expected) + " but " + source + " is "
          + FashionMnist.CLASS_NAMES.get(classOf.get(source)) + " (hits " + hits.stream()
              .map(h -> FashionMnist.CLASS_NAMES.get(classOf.get(h.payload().get("source").asText())))
              .toList() + ")");
    }
  }
}
