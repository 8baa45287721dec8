package dev.quiver.embed.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
    return out.toByteArray();
  }

  private static BufferedImage rgb(int w, int h, int[] argb) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, w, h, argb, 0, w);
    return image;
  }

  @Test
  void grayPngKeepsItsStoredValues() throws IOException {
    BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSamples(0, 0, 3, 2, 0, new int[] {0, 1, 2, 128, 254, 255});
    DecodedImage decoded = ImageDecoder.decode(encode(gray, "png"), 0);
    assertEquals("png", decoded.format());
    assertTrue(decoded.gray());
    assertArrayEquals(new float[] {0, 1, 2, 128, 254, 255}, decoded.planes()[0]);
  }

  @Test
  void sixteenBitGrayIsScaledTo255() throws IOException {
    BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 65535});
    DecodedImage decoded = ImageDecoder.decode(encode(gray, "png"), 0);
    assertArrayEquals(new float[] {0, 255}, decoded.planes()[0], 1e-3f);
  }

  @Test
  void colourModesConvertChannels() throws IOException {
    // One red, one green, one blue, one white pixel, as a lossless PNG.
    byte[] png = encode(rgb(4, 1, new int[] {0xff0000, 0x00ff00, 0x0000ff, 0xffffff}), "png");
    ImagePreprocessing rgb = ImagePreprocessing.of(4, 1, ColorMode.RGB);
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1}, rgb.tensor(png, 0), 1e-6f);
    ImagePreprocessing bgr = ImagePreprocessing.of(4, 1, ColorMode.BGR);
    assertArrayEquals(new float[] {0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1}, bgr.tensor(png, 0), 1e-6f);
    ImagePreprocessing gray = ImagePreprocessing.of(4, 1, ColorMode.GRAY);
    assertArrayEquals(new float[] {0.299f, 0.587f, 0.114f, 1f}, gray.tensor(png, 0), 1e-5f);
  }

  @Test
  void grayImagesFillEveryRgbChannel() throws IOException {
    BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {51, 255});
    float[] t = ImagePreprocessing.of(2, 1, ColorMode.RGB).tensor(encode(gray, "bmp"), 0);
    assertArrayEquals(new float[] {0.2f, 1, 0.2f, 1, 0.2f, 1}, t, 1e-6f);
  }

  @Test
  void meanAndStdArePerChannel() throws IOException {
    byte[] png = encode(rgb(1, 1, new int[] {0xff8000}), "png");
    ImagePreprocessing p = ImagePreprocessing.of(1, 1, ColorMode.RGB)
        .withNormalization(new float[] {0.5f, 0.5f, 0f}, new float[] {0.5f, 0.25f, 2f});
    // red 1.0, green 128/255, blue 0
    assertArrayEquals(new float[] {1f, (128 / 255f - 0.5f) / 0.25f, 0f}, p.tensor(png, 0), 1e-6f);
  }

  @Test
  void downscalingAveragesTheCoveredPixels() {
    // Halving: PIL's triangle filter widened to 2 pixels a side weighs input pixels 0,1,2 by
    // 3/7, 3/7, 1/7 for output 0 and pixels 1,2,3 by 1/7, 3/7, 3/7 for output 1.
    float[] plane = {
        0, 0, 100, 100,
        0, 0, 100, 100,
        200, 200, 40, 40,
        200, 200, 40, 40};
    float[] out = Resampler.resize(plane, 4, 4, 2, 2);
    float[] row01 = {100 / 7f, 600 / 7f}; // rows 0 and 1 after the horizontal pass
    float[] row23 = {1240 / 7f, 440 / 7f}; // rows 2 and 3
    float[] expected = new float[4];
    for (int x = 0; x < 2; x++) {
      expected[x] = (6 * row01[x] + row23[x]) / 7;
      expected[2 + x] = (row01[x] + 6 * row23[x]) / 7;
    }
    assertArrayEquals(expected, out, 1e-3f);
    // A constant image stays constant at any size.
    float[] constant = new float[35 * 17];
    Arrays.fill(constant, 77f);
    for (float v : Resampler.resize(constant, 35, 17, 9, 23)) {
      assertEquals(77f, v, 1e-3f);
    }
  }

  @Test
  void upscalingInterpolatesBetweenPixels() {
    float[] out = Resampler.resize(new float[] {0, 100}, 2, 1, 4, 1);
    // PIL's bilinear with half-pixel centres: 0, 25, 75, 100.
    assertArrayEquals(new float[] {0, 25, 75, 100}, out, 1e-4f);
  }

  @Test
  void cropResizesTheShorterSideThenCutsTheCentre() throws IOException {
    // 6x2: columns 0..5 valued 0,40,80,120,160,200. Shorter side 2 stays; the centre 2x2 is cols 2,3.
    int[] argb = new int[12];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 6; x++) {
        int v = 40 * x;
        argb[y * 6 + x] = v << 16 | v << 8 | v;
      }
    }
    ImagePreprocessing p = ImagePreprocessing.of(2, 2, ColorMode.GRAY).withCrop(2);
    float[] t = p.tensor(encode(rgb(6, 2, argb), "png"), 0);
    assertArrayEquals(new float[] {80 / 255f, 120 / 255f, 80 / 255f, 120 / 255f}, t, 1e-3f);
    // Stretching the same image to 2x2 averages columns instead (triangle over 3 columns a side):
    // output 0 weighs columns 0..3 by 2/8, 3/8, 2/8, 1/8; output 1 columns 2..5 by 1/8, 2/8, 3/8, 2/8.
    float[] s = ImagePreprocessing.of(2, 2, ColorMode.GRAY).tensor(encode(rgb(6, 2, argb), "png"), 0);
    assertEquals(50 / 255f, s[0], 1e-3f);
    assertEquals(150 / 255f, s[1], 1e-3f);
  }

  @Test
  void jpegAndGifDecode() throws IOException {
    int[] argb = new int[16 * 16];
    Arrays.fill(argb, 0x808080);
    DecodedImage jpeg = ImageDecoder.decode(encode(rgb(16, 16, argb), "jpeg"), 0);
    assertEquals("jpeg", jpeg.format());
    assertEquals(16, jpeg.width());
    assertEquals(128f, jpeg.planes()[0][0], 3f);
    DecodedImage gif = ImageDecoder.decode(encode(rgb(16, 16, argb), "gif"), 0);
    assertEquals("gif", gif.format());
    assertEquals(128f, gif.planes()[1][5], 3f);
  }

  @Test
  void badInputNamesTheItemAndWhatWasExpected() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageDecoder.decode(new byte[0], 3));
    assertTrue(e.getMessage().startsWith("image 3 is empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImageDecoder.decode("%PDF-1.7 not an image".getBytes(), 4));
    assertTrue(e.getMessage().contains("image 4 is not an image")
        && e.getMessage().contains("25 50 44 46") && e.getMessage().contains("PNG"), e.getMessage());
    byte[] png = encode(rgb(8, 8, new int[64]), "png");
    byte[] truncated = Arrays.copyOf(png, 40);
    e = assertThrows(IllegalArgumentException.class, () -> ImageDecoder.decode(truncated, 5));
    assertTrue(e.getMessage().startsWith("image 5 "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImageDecoder.decode(null, 6));
    assertTrue(e.getMessage().startsWith("image 6 is null"), e.getMessage());
  }

  @Test
  void badSettingsAreRefusedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ImagePreprocessing(224, 224, ColorMode.RGB, ResizeMode.STRETCH, 224,
            new float[] {0.5f, 0.5f}, new float[] {1}));
    assertTrue(e.getMessage().contains("mean has 2 values, expected 1 or 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImagePreprocessing.of(28, 28, ColorMode.GRAY).withNormalization(new float[] {0},
            new float[] {0}));
    assertTrue(e.getMessage().contains("std value 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImagePreprocessing.of(224, 224, ColorMode.RGB).withCrop(200));
    assertTrue(e.getMessage().contains("resize-shorter 200"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImagePreprocessing.of(0, 5, ColorMode.RGB));
    assertTrue(e.getMessage().contains("0x5"), e.getMessage());
    assertEquals("colour mode 'cmyk' is not one of: gray, rgb, bgr",
        assertThrows(IllegalArgumentException.class, () -> ColorMode.parse("cmyk")).getMessage());
  }
}
