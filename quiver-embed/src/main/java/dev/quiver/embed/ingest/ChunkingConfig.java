package dev.quiver.embed.ingest;

import java.util.function.ToIntFunction;

/**
 * How documents are cut into chunks.
 *
 * @param maxTokens a chunk's budget (default {@value #DEFAULT_MAX_TOKENS}: MiniLM reads 256
 *     word pieces, more are truncated)
 * @param overlapTokens about this many tokens of whole trailing sentences are repeated at the start
 *     of the next chunk, so a passage cut at a boundary is still found whole (default {@value
 *     #DEFAULT_OVERLAP_TOKENS}); less than {@code maxTokens}
 * @param tokenCounter estimates a text's tokens; default: words × 4/3, close to English word-piece
 *     counts
 */
public record ChunkingConfig(int maxTokens, int overlapTokens, ToIntFunction<String> tokenCounter) {

  public static final int DEFAULT_MAX_TOKENS = 200;
  public static final int DEFAULT_OVERLAP_TOKENS = 30;

  public ChunkingConfig {
    if (maxTokens < 8 || maxTokens > 100_000) {
      throw new IllegalArgumentException("chunk size must be in [8, 100000] tokens, got " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens >= maxTokens) {
      throw new IllegalArgumentException("chunk overlap must be in [0, " + (maxTokens - 1)
          + "] tokens (less than the chunk size " + maxTokens + "), got " + overlapTokens);
    }
    tokenCounter = tokenCounter == null ? ChunkingConfig::estimateTokens : tokenCounter;
  }

  public static ChunkingConfig defaults() {
    return new ChunkingConfig(DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS, null);
  }

  public static ChunkingConfig of(int maxTokens, int overlapTokens) {
    return new ChunkingConfig(maxTokens, overlapTokens, null);
  }

  /** Words × 4/3, rounded up: English averages about 1.3 word pieces a word. */
  public static int estimateTokens(String text) {
    int words = 0;
    boolean in = false;
    for (int i = 0; i < text.length(); i++) {
      boolean ws = Character.isWhitespace(text.charAt(i));
      if (!ws && !in) {
        words++;
      }
      in = !ws;
    }
    return (words * 4 + 2) / 3;
  }
}
