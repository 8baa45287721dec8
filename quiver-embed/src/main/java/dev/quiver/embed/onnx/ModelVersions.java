package dev.quiver.embed.onnx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The version string of an ONNX model: a prefix and the first 8 bytes of the SHA-256 of the graph,
 * the tokenizer (if any) and the settings that change the vectors. Collections store it and refuse
 * a model whose version differs, so the bytes hashed must never change for the same model.
 */
public final class ModelVersions {

  private ModelVersions() {}

  /**
   * {@code prefix} + hex of SHA-256(onnx [+ 0 + tokenizer] + UTF-8 settings), first 8 bytes.
   *
   * @param tokenizer the tokenizer.json bytes, or null for a model without one
   */
  public static String of(String prefix, byte[] onnx, byte[] tokenizer, String settings) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(onnx);
      if (tokenizer != null) {
        sha.update((byte) 0);
        sha.update(tokenizer);
      }
      sha.update(settings.getBytes(StandardCharsets.UTF_8));
      return prefix + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
