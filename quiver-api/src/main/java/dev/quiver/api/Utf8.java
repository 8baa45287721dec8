package dev.quiver.api;

/**
 * Strict UTF-8 validation (RFC 3629). Jackson decodes some ill-formed sequences leniently: the
 * overlong {@code C0 80} becomes NUL, so one string would have two byte spellings and a NUL could
 * slip past checks made on the well-formed form. Request bodies are checked before parsing.
 */
final class Utf8 {

  private Utf8() {}

  /** The offset of the first byte that starts an ill-formed sequence, or -1 if all is well-formed. */
  static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int len;
      int lo = 0x80;
      int hi = 0xBF; // the allowed range of the second byte; narrower for E0, ED, F0, F4
      if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) {
          lo = 0xA0; // below: overlong
        } else if (c == 0xED) {
          hi = 0x9F; // above: UTF-16 surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) {
          lo = 0x90; // below: overlong
        } else if (c == 0xF4) {
          hi = 0x8F; // above: beyond U+10FFFF
        }
      } else {
        return i; // a continuation byte without a lead, C0/C1 (always overlong) or F5..FF
      }
      if (i + len > n) {
        return i;
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k < len; k++) {
        if ((b[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += len;
    }
    return -1;
  }
}
