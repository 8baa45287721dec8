package dev.quiver.embed.image;

import dev.quiver.datasets.Dataset;
import dev.quiver.datasets.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Fashion-MNIST from the shared data folder, as PNG files and as decoded images, loaded once. */
final class FashionImages {

  private static Dataset data;
  private static int[] trainLabels;
  private static int[] testLabels;

  private FashionImages() {}

  static synchronized Dataset data() {
    if (data == null) {
      data = FashionMnist.load();
      trainLabels = FashionMnist.trainLabels();
      testLabels = FashionMnist.testLabels();
    }
    return data;
  }

  static int[] trainLabels() {
    data();
    return trainLabels;
  }

  static int[] testLabels() {
    data();
    return testLabels;
  }

  /** A 28 × 28 8-bit grayscale PNG of raw pixels (0..255). */
  static byte[] png(float[] pixels) {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    int[] samples = new int[pixels.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (int) pixels[i];
    }
    image.getRaster().setSamples(0, 0, 28, 28, 0, samples);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The image as decoded planes, as the decoder makes them from its PNG. */
  static DecodedImage decoded(float[] pixels) {
    return new DecodedImage(28, 28, new float[][] {pixels.clone()}, "idx");
  }

  static List<DecodedImage> decoded(float[][] images) {
    List<DecodedImage> out = new ArrayList<>(images.length);
    for (float[] pixels : images) {
      out.add(decoded(pixels));
    }
    return out;
  }
}
