package dev.quiver.embed.image;

import java.util.Locale;

/** The channels an image model reads, in order. */
public enum ColorMode {
  /** One channel, luma {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R 601, as PIL's {@code "L"}). */
  GRAY(1),
  /** Three channels, red first (PIL, torchvision, CLIP). */
  RGB(3),
  /** Three channels, blue first (OpenCV, Caffe-era models). */
  BGR(3);

  private final int channels;

  ColorMode(int channels) {
    this.channels = channels;
  }

  /** Channels per pixel: 1 or 3. */
  public int channels() {
    return channels;
  }

  /** Parses {@code gray}/{@code grey}/{@code l}, {@code rgb} or {@code bgr} (any case). */
  public static ColorMode parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "gray", "grey", "grayscale", "l": return GRAY;
        case "rgb": return RGB;
        case "bgr": return BGR;
        default: break;
      }
    }
    throw new IllegalArgumentException("colour mode '" + value + "' is not one of: gray, rgb, bgr");
  }

  /** The configuration spelling. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
