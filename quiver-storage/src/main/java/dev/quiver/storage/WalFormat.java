package dev.quiver.storage;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Encoding of write-ahead log segments; the layout is documented on {@link WriteAheadLog}.
 * Stateless.
 */
final class WalFormat {

  static final int MAGIC = 0x5157414C; // "QWAL"
  static final int VERSION = 1;
  /** Segment header: magic, version, first LSN, header CRC32C. */
  static final int HEADER = 20;
  /** Record header: length, CRC32C, LSN. */
  static final int RECORD_HEADER = 16;

  private static final Pattern NAME = Pattern.compile("wal-(\\d{20})\\.log");

  private WalFormat() {}

  static String fileName(long firstLsn) {
    return String.format("wal-%020d.log", firstLsn);
  }

  /** The first LSN a segment's file name declares, or -1 if the name is not a segment's. */
  static long firstLsnOf(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return -1;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1; // 20 digits can exceed Long.MAX_VALUE
    }
  }

  static byte[] header(long firstLsn) {
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    h.putInt(MAGIC).putInt(VERSION).putLong(firstLsn);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, 16);
    h.putInt((int) crc.getValue());
    return h.array();
  }

  /**
   * The 16-byte record header, followed by the payload when {@code withPayload} (small records go
   * to the OS in one write; big ones are not copied).
   */
  static byte[] frame(long lsn, byte[] payload, boolean withPayload) {
    ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER + (withPayload ? payload.length : 0));
    b.putInt(0, payload.length);
    b.putLong(8, lsn);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 8, 8);
    crc.update(payload);
    b.putInt(4, (int) crc.getValue());
    if (withPayload) {
      b.put(RECORD_HEADER, payload);
    }
    return b.array();
  }
}
