package dev.quiver.embed.image;

/**
 * An image as planes of pixel values in 0..255 (floats, so resampling keeps fractions), row-major.
 *
 * @param width pixels per row
 * @param height rows
 * @param planes one plane ({@code [gray]}) or three ({@code [red, green, blue]}), each
 *     {@code width * height} values
 * @param format the decoder's format name (png, jpeg, gif, bmp), for messages
 */
public record DecodedImage(int width, int height, float[][] planes, String format) {

  public DecodedImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size " + width + "x" + height
          + " must be at least 1x1");
    }
    if (planes.length != 1 && planes.length != 3) {
      throw new IllegalArgumentException(planes.length + " planes, expected 1 (gray) or 3 (rgb)");
    }
    for (float[] plane : planes) {
      if (plane.length != width * height) {
        throw new IllegalArgumentException("plane of " + plane.length + " values, expected "
            + width + "x" + height + " = " + width * height);
      }
    }
  }

  /** True for a one-plane (grayscale) image. */
  public boolean gray() {
    return planes.length == 1;
  }
}
