package dev.quiver.engine.payload;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of payload index on a field, as in Qdrant's payload schema. The constant names are
 * persisted (write-ahead log and checkpoints read them back with {@code valueOf}); never rename one.
 */
public enum PayloadSchemaType {
  /** Exact string values: posting sets per value; answers {@code match} on strings. */
  KEYWORD,
  /** Numbers, sorted: answers numeric {@code range} and {@code match} on numbers. */
  INTEGER,
  /** Same structure as {@link #INTEGER}; kept distinct for Qdrant schema compatibility. */
  FLOAT,
  /** {@code true}/{@code false} posting sets. */
  BOOL,
  /** String values that parse as ISO-8601 dates, sorted by epoch microseconds; answers date ranges. */
  DATETIME,
  /**
   * Full text: strings analysed into terms (tokenised, stemmed) in an inverted index with BM25
   * statistics, for keyword and hybrid search ({@code dev.quiver.engine.text.TextIndex}). Does not
   * narrow filters.
   */
  TEXT;

  /** The type named by {@code name}, case-insensitively ({@code "keyword"}, {@code "Integer"}...). */
  public static PayloadSchemaType parse(String name) {
    if (name != null) {
      for (PayloadSchemaType t : values()) {
        if (t.name().equalsIgnoreCase(name.trim())) {
          return t;
        }
      }
    }
    throw new IllegalArgumentException("unknown payload index type " + (name == null ? "null" : "'" + name + "'")
        + "; expected one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
