package dev.quiver.bench.media;

import dev.quiver.client.QuiverClient;
import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.EmbeddingModelProvider;
import dev.quiver.core.embed.Modality;
import dev.quiver.datasets.DataPaths;
import dev.quiver.datasets.IdxReader;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.MediaInput;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import dev.quiver.storage.Durability;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench media}: what storing and searching images costs on top of the model, on
 * Fashion-MNIST test images encoded as PNG. Each path embeds the same images with the same model:
 * the model alone ({@code embedMedia} in batches), the embedded engine (points with image inputs,
 * log and index included), the Java client over HTTP (JSON points with base64 inputs, one request
 * per batch), and the raw upload route ({@code POST .../media}, one request per file); then image
 * queries embedded and over HTTP. Ratios to the model alone are what to quote.
 *
 * <p>The default model, {@code bench-pixels} (defined here: 7×7 mean-pooled grey levels, 49
 * numbers, after decoding the PNG), costs little beyond the decoding, so the table shows the
 * plumbing's own overhead; {@code --model NAME} runs a registered image model instead.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
    description = {"Image upsert and search throughput: model alone vs embedded engine vs HTTP (JSON"
        + " base64 batches, raw uploads), on Fashion-MNIST PNGs."})
public final class MediaCommand implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "2000", description = "Images stored per path. Default: ${DEFAULT-VALUE}.")
  int images;

  @Option(names = "--queries", defaultValue = "300", description = "Image queries per path. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--batch", defaultValue = "32", description = "Images per model call / request. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--model", defaultValue = PixelModel.NAME,
      description = "Image model: " + PixelModel.NAME + " (plumbing only) or a registered image model."
          + " Default: ${DEFAULT-VALUE}.")
  String model;

  @Override
  public Integer call() throws Exception {
    Path file = DataPaths.sharedDataDir().resolve("fashion-mnist").resolve("t10k-images-idx3-ubyte.gz");
    float[][] pixels = IdxReader.readImages(file);
    int n = Math.min(images, pixels.length - queries);
    List<byte[]> pngs = new ArrayList<>();
    long pngBytes = 0;
    for (int i = 0; i < n + queries; i++) {
      pngs.add(png(pixels[i]));
      pngBytes += i < n ? pngs.get(i).length : 0;
    }
    List<byte[]> stored = pngs.subList(0, n);
    List<byte[]> asked = pngs.subList(n, n + queries);
    EmbeddingModelProvider provider = model.equals(PixelModel.NAME)
        ? EmbeddingModelProvider.of(List.of(new PixelModel.Provider(), EmbeddingModelProvider.discover()))
        : EmbeddingModelProvider.discover();
    EmbeddingModel m = provider.model(model);
    if (!m.modalities().contains(Modality.IMAGE)) {
      throw new IllegalArgumentException("model '" + model + "' embeds " + m.modalities() + ", not images");
    }
    System.out.printf(Locale.ROOT, "%d Fashion-MNIST PNGs (28x28 grey, %.0f bytes on average), model %s (%d-d),"
        + " batches of %d, %d queries, durability none (no fsync), JVM %s, %d cores%n%n", n,
        pngBytes / (double) n, model, m.dimension(), batch, queries, Runtime.version(),
        Runtime.getRuntime().availableProcessors());

    Path tmp = Files.createTempDirectory("quiver-bench-media");
    List<String[]> rows = new ArrayList<>();
    try {
      // warm-up: the model, the engine and the HTTP stack once on a slice
      run(provider, tmp.resolve("warm"), stored.subList(0, Math.min(200, n)), asked.subList(0, Math.min(50, queries)), m);
      double[] t = run(provider, tmp.resolve("timed"), stored, asked, m);
      String[] names = {"model alone (embedMedia)", "embedded upsert (image inputs)", "HTTP, client: JSON base64 batches",
          "HTTP, raw POST /media per file", "search by image, embedded", "search by image, HTTP client"};
      for (int i = 0; i < names.length; i++) {
        int count = i < 4 ? n : queries;
        rows.add(new String[] {names[i], Integer.toString(count), String.format(Locale.ROOT, "%.2f", t[i]),
            String.format(Locale.ROOT, "%,.0f", count / t[i]),
            i < 4 ? String.format(Locale.ROOT, "%.2f", t[i] / t[0]) : ""});
      }
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.println("| path | items | seconds | items/s | time ÷ model alone |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    return 0;
  }

  /** Seconds for: model alone, embedded upsert, client upsert, raw uploads, embedded search, client search. */
  private double[] run(EmbeddingModelProvider provider, Path dir, List<byte[]> stored, List<byte[]> asked,
      EmbeddingModel m) throws Exception {
    double[] t = new double[6];
    long s = System.nanoTime();
    for (int i = 0; i < stored.size(); i += batch) {
      m.embedMedia(Modality.IMAGE, stored.subList(i, Math.min(stored.size(), i + batch)));
    }
    t[0] = (System.nanoTime() - s) / 1e9;
    QuiverConfig config = QuiverConfig.defaults().withDurability(Durability.NONE).withModels(provider);
    CollectionConfig cc = CollectionConfig.named(java.util.Map.of("image", VectorParams.forModel(model)));
    try (Quiver db = Quiver.open(dir.resolve("embedded"), config)) {
      VectorCollection c = db.createCollection("pics", cc);
      s = System.nanoTime();
      upsert(c, stored);
      t[1] = (System.nanoTime() - s) / 1e9;
      s = System.nanoTime();
      search(c, asked);
      t[4] = (System.nanoTime() - s) / 1e9;
    }
    try (Quiver served = Quiver.open(dir.resolve("served"), config);
        QuiverServer server = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
            .withDataDir(dir.resolve("served")), served);
        QuiverClient client = QuiverClient.connect(server.uri())) {
      VectorCollection c = client.createCollection("pics", cc);
      s = System.nanoTime();
      upsert(c, stored);
      t[2] = (System.nanoTime() - s) / 1e9;
      s = System.nanoTime();
      search(c, asked);
      t[5] = (System.nanoTime() - s) / 1e9;
      client.createCollection("raw", cc);
      HttpClient http = HttpClient.newHttpClient();
      s = System.nanoTime();
      for (int i = 0; i < stored.size(); i++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve(
                "/collections/raw/media?name=img" + i + ".png")).header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(stored.get(i))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("upload " + i + ": HTTP " + r.statusCode() + " " + r.body());
        }
      }
      t[3] = (System.nanoTime() - s) / 1e9;
      if (client.collection("raw").count(null) != stored.size() || c.count(null) != stored.size()) {
        throw new IllegalStateException("not every image was stored");
      }
    }
    return t;
  }

  private void upsert(VectorCollection c, List<byte[]> stored) {
    for (int i = 0; i < stored.size(); i += batch) {
      List<Point> points = new ArrayList<>();
      for (int j = i; j < Math.min(stored.size(), i + batch); j++) {
        points.add(Point.ofMedia(PointId.of(j), "image", MediaInput.image(stored.get(j)), null));
      }
      c.upsert(points);
    }
  }

  private static void search(VectorCollection c, List<byte[]> asked) {
    for (byte[] q : asked) {
      if (c.search(SearchRequest.ofMedia(MediaInput.image(q), 10).using("image").withPayload(false)).isEmpty()) {
        throw new IllegalStateException("a search found nothing");
      }
    }
  }

  private static byte[] png(float[] pixels) {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 784; i++) {
      int g = Math.round(pixels[i]);
      img.setRGB(i % 28, i / 28, 0xFF000000 | g << 16 | g << 8 | g);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes the image and averages grey levels over a 7×7 grid: the plumbing's baseline model. */
  static final class PixelModel implements EmbeddingModel {
    static final String NAME = "bench-pixels";

    static final class Provider implements EmbeddingModelProvider {
      private final PixelModel m = new PixelModel();

      @Override
      public Set<String> names() {
        return Set.of(NAME);
      }

      @Override
      public EmbeddingModel model(String name) {
        return m;
      }
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public int dimension() {
      return 49;
    }

    @Override
    public boolean normalized() {
      return false;
    }

    @Override
    public Set<Modality> modalities() {
      return EnumSet.of(Modality.IMAGE);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      throw new IllegalArgumentException("model '" + NAME + "' embeds [image], not text");
    }

    @Override
    public List<float[]> embedMedia(Modality modality, List<byte[]> items) {
      List<float[]> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        BufferedImage img;
        try {
          img = ImageIO.read(new ByteArrayInputStream(items.get(i)));
        } catch (IOException e) {
          img = null;
        }
        if (img == null) {
          throw new IllegalArgumentException("item " + i + " is not a PNG, JPEG, GIF or BMP image");
        }
        float[] v = new float[49];
        for (int y = 0; y < img.getHeight(); y++) {
          for (int x = 0; x < img.getWidth(); x++) {
            v[(y * 7 / img.getHeight()) * 7 + x * 7 / img.getWidth()] += (img.getRGB(x, y) & 255) / 255f;
          }
        }
        v[48] += 1e-3f; // an all-black image still has a direction
        out.add(v);
      }
      return out;
    }
  }
}
