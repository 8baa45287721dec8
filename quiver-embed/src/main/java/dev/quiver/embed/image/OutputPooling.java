package dev.quiver.embed.image;

import java.util.Locale;

/** How an image model's output becomes one vector per image. */
public enum OutputPooling {
  /** The output is already {@code [batch, dimension]} (a pooled or projected embedding). */
  NONE,
  /**
   * Average over everything but the batch axis and the feature axis: {@code [batch, C, H, W]}
   * feature maps are averaged over H and W (a CNN's last convolution), {@code [batch, tokens, D]}
   * over the tokens (a vision transformer's last hidden state).
   */
  MEAN,
  /** {@code [batch, tokens, D]}: the first token's vector (a ViT's class token). */
  CLS;

  /** Parses {@code none}, {@code mean} or {@code cls} (any case). */
  public static OutputPooling parse(String value) {
    if (value != null) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "none": return NONE;
        case "mean", "avg", "average": return MEAN;
        case "cls": return CLS;
        default: break;
      }
    }
    throw new IllegalArgumentException("pooling '" + value + "' is not one of: none, mean, cls");
  }

  /** The configuration spelling. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
