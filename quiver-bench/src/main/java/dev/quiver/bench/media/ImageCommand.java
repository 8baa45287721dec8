package dev.quiver.bench.media;

import dev.quiver.core.embed.EmbeddingModel;
import dev.quiver.core.embed.Modality;
import dev.quiver.datasets.DataPaths;
import dev.quiver.datasets.IdxReader;
import dev.quiver.embed.EmbeddingModels;
import dev.quiver.embed.image.ImageDecoder;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench image}: image embedding throughput of the built-in image models on Fashion-MNIST
 * test images, through {@code embedMedia} as the engine calls it (PNG decoding, preprocessing and
 * ONNX Runtime), at several batch sizes; plus the decoding alone, and the same images as 256 × 256
 * RGB JPEGs (photo-like input: JPEG decoding and the downscale to 28 × 28 dominate).
 */
@Command(name = "image", mixinStandardHelpOptions = true,
    description = {"Image embedding throughput (items/s) of quiver-fashion-cnn and the image side of"
        + " quiver-fashion-clip on Fashion-MNIST PNGs, by batch size; and on 256x256 RGB JPEGs."})
public final class ImageCommand implements Callable<Integer> {

  @Option(names = "--images", defaultValue = "5000", description = "Images per row. Default: ${DEFAULT-VALUE}.")
  int images;

  @Option(names = "--batches", defaultValue = "1,32,256", split = ",",
      description = "Batch sizes (images per embedMedia call). Default: ${DEFAULT-VALUE}.")
  int[] batches;

  @Option(names = "--models", defaultValue = "quiver-fashion-cnn,quiver-fashion-clip", split = ",",
      description = "Registered image models. Default: ${DEFAULT-VALUE}.")
  List<String> models;

  @Override
  public Integer call() {
    if (images < 1 || batches.length == 0) {
      throw new IllegalArgumentException("--images must be positive and --batches non-empty");
    }
    float[][] pixels = IdxReader.readImages(DataPaths.sharedDataDir().resolve("fashion-mnist")
        .resolve("t10k-images-idx3-ubyte.gz"));
    int n = Math.min(images, pixels.length);
    List<byte[]> pngs = new ArrayList<>(n);
    List<byte[]> jpegs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BufferedImage gray = grayImage(pixels[i]);
      pngs.add(encode(gray, "png"));
      jpegs.add(encode(scaledRgb(gray, 256), "jpeg"));
    }
    System.out.printf(Locale.ROOT, "%d Fashion-MNIST test images (28x28 gray PNG, and 256x256 RGB"
        + " JPEG), JVM %s, %d cores%n%n", n, Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    List<String[]> rows = new ArrayList<>();
    try (EmbeddingModels registry = new EmbeddingModels()) {
      List<EmbeddingModel> loaded = new ArrayList<>();
      for (String name : models) {
        EmbeddingModel m = registry.get(name.trim());
        if (!m.modalities().contains(Modality.IMAGE)) {
          throw new IllegalArgumentException("model '" + name + "' does not embed images");
        }
        loaded.add(m);
      }
      for (int pass = 0; pass < 2; pass++) { // pass 0 warms up the JIT and ONNX Runtime
        rows.clear();
        int count = pass == 0 ? Math.min(500, n) : n;
        List<byte[]> png = pngs.subList(0, count);
        List<byte[]> jpeg = jpegs.subList(0, count);
        rows.add(row("decode only: 28x28 PNG (all cores)", "-", count, time(() ->
            IntStream.range(0, count).parallel().forEach(i -> ImageDecoder.decode(png.get(i), i)))));
        rows.add(row("decode only: 256x256 JPEG (all cores)", "-", count, time(() ->
            IntStream.range(0, count).parallel().forEach(i -> ImageDecoder.decode(jpeg.get(i), i)))));
        for (EmbeddingModel m : loaded) {
          String label = m.name() + ", " + m.dimension() + "-d";
          for (int b : batches) {
            rows.add(row(label + ", 28x28 PNG", Integer.toString(b), count,
                time(() -> embedAll(m, png, b))));
          }
          int b = batches[batches.length - 1];
          rows.add(row(label + ", 256x256 JPEG", Integer.toString(b), count,
              time(() -> embedAll(m, jpeg, b))));
        }
      }
    }
    System.out.println("| path | batch | images | seconds | images/s | ms per image |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
    return 0;
  }

  private static void embedAll(EmbeddingModel m, List<byte[]> data, int batch) {
    for (int i = 0; i < data.size(); i += batch) {
      List<float[]> v = m.embedMedia(Modality.IMAGE, data.subList(i, Math.min(data.size(), i + batch)));
      if (v.isEmpty() || v.get(0).length != m.dimension()) {
        throw new IllegalStateException("model " + m.name() + " returned no or wrong-sized vectors");
      }
    }
  }

  private static BufferedImage grayImage(float[] pixels) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (int) pixels[i];
    }
    image.getRaster().setSamples(0, 0, 28, 28, 0, samples);
    return image;
  }

  private static BufferedImage scaledRgb(BufferedImage gray, int size) {
    BufferedImage rgb = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(gray, 0, 0, size, size, null);
    g.dispose();
    return rgb;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static double time(Runnable r) {
    long s = System.nanoTime();
    r.run();
    return (System.nanoTime() - s) / 1e9;
  }

  private static String[] row(String name, String batch, int n, double seconds) {
    return new String[] {name, batch, Integer.toString(n),
        String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%,.0f", n / seconds),
        String.format(Locale.ROOT, "%.3f", 1000 * seconds / n)};
  }
}
