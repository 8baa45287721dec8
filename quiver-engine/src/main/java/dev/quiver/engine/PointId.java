package dev.quiver.engine;

import java.util.UUID;

/**
 * The id of a point: an unsigned 64-bit integer or a UUID, as in Qdrant. Ids order numbers first
 * (as unsigned values), then UUIDs; scrolling follows this order.
 */
public sealed interface PointId extends Comparable<PointId> permits PointId.Num, PointId.Uuid {

  /** A numeric id; {@code value} holds the unsigned 64-bit number. */
  record Num(long value) implements PointId {
    @Override
    public String toString() {
      return Long.toUnsignedString(value);
    }
  }

  /** A UUID id. */
  record Uuid(UUID value) implements PointId {
    public Uuid {
      if (value == null) {
        throw new IllegalArgumentException("UUID id must not be null");
      }
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  static PointId of(long unsigned) {
    return new Num(unsigned);
  }

  static PointId of(UUID uuid) {
    return new Uuid(uuid);
  }

  /**
   * Parses an unsigned decimal integer or a UUID string.
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  static PointId parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("point id is empty; expected an unsigned integer or a UUID");
    }
    // ASCII only: Character.isDigit and the JDK's number parsers also take other scripts' digits
    // ("١٢٣" would be point 123), so two spellings would name one point.
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return new Num(Long.parseUnsignedLong(text));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "point id " + text + " is larger than the unsigned 64-bit maximum 18446744073709551615");
      }
    }
    if (text.length() == 36 && isUuidShape(text)) {
      try {
        return new Uuid(UUID.fromString(text));
      } catch (IllegalArgumentException e) {
        // fall through to the general message
      }
    }
    throw new IllegalArgumentException(
        "point id '" + text + "' is neither an unsigned integer nor a UUID");
  }

  /** 8-4-4-4-12 ASCII hex digits. */
  private static boolean isUuidShape(String text) {
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (dash ? c != '-' : !hex) {
        return false;
      }
    }
    return true;
  }

  @Override
  default int compareTo(PointId other) {
    if (this instanceof Num a) {
      return other instanceof Num b ? Long.compareUnsigned(a.value, b.value) : -1;
    }
    UUID a = ((Uuid) this).value;
    if (other instanceof Uuid b) {
      int c = Long.compareUnsigned(a.getMostSignificantBits(), b.value.getMostSignificantBits());
      return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.value.getLeastSignificantBits());
    }
    return 1;
  }
}
