package dev.quiver.embed.image;

import java.util.Locale;

/** How an image of any size becomes the model's input size. */
public enum ResizeMode {
  /** Resize to exactly the input width × height, ignoring the aspect ratio. */
  STRETCH,
  /**
   * Resize so the shorter side is {@code resize-shorter} pixels (aspect ratio kept), then cut the
   * input width × height out of the centre: torchvision's {@code Resize(s)} + {@code CenterCrop},
   * as CLIP and ImageNet models are evaluated.
   */
  CROP;

  /** Parses {@code stretch} or {@code crop} / {@code center-crop} (any case). */
  public static ResizeMode parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "stretch", "resize": return STRETCH;
        case "crop", "center-crop", "centre-crop": return CROP;
        default: break;
      }
    }
    throw new IllegalArgumentException("resize mode '" + value + "' is not one of: stretch, crop");
  }

  /** The configuration spelling. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
