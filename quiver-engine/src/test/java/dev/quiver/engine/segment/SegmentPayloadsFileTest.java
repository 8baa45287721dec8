package dev.quiver.engine.segment;

import static dev.quiver.engine.segment.FileDamage.assertGolden;
import static dev.quiver.engine.segment.FileDamage.assertRefused;
import static dev.quiver.engine.segment.FileDamage.damageEverywhere;
import static dev.quiver.engine.segment.FileDamage.golden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed segment's payloads file: every JSON type round-trips exactly, null payloads, chunked
 * mappings with blobs across chunk boundaries, the golden bytes, every truncation and bit flip
 * refused naming the file and offset, well-checksummed nonsense refused, concurrent readers.
 */
class SegmentPayloadsFileTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON type, nested, and numbers at the edges of each Jackson number type. */
  static ObjectNode everyType() {
    return json("""
        {"s": "text", "empty": "", "unicode": "żółw 🐢 \\u0000 \\"q\\"",
         "t": true, "f": false, "n": null,
         "int": 7, "neg": -1, "intMax": 2147483647, "intMin": -2147483648,
         "long": 2147483648, "longMax": 9223372036854775807, "longMin": -9223372036854775808,
         "uint64": 18446744073709551615, "big": 123456789012345678901234567890,
         "bigNeg": -123456789012345678901234567890,
         "d": 0.1, "dNeg": -2.5e-300, "dBig": 1.7976931348623157E308, "dTiny": 4.9E-324, "dInt": 3.0,
         "negZero": -0.0,
         "arr": [1, "two", 3.5, null, true, [], {}, [[1, 2], {"k": [null]}]],
         "obj": {"a": {"b": {"c": {"d": [1, {"e": "deep"}]}}}, "x": []},
         "emptyObj": {}, "emptyArr": []}
        """);
  }

  static List<ObjectNode> sample() {
    List<ObjectNode> out = new ArrayList<>();
    out.add(json("{\"city\": \"Oslo\", \"pop\": 709037, \"area\": 454.0, \"tags\": [\"fjord\", \"capital\"]}"));
    out.add(null);
    out.add(json("{}"));
    out.add(json("{\"id\": 18446744073709551615, \"ok\": true, \"none\": null, \"nested\": {\"x\": -1.5}}"));
    return out;
  }

  private static void assertPayloads(List<ObjectNode> expected, SegmentPayloadsFile f) {
    assertEquals(expected.size(), f.size());
    for (int ord = 0; ord < expected.size(); ord++) {
      assertEquals(expected.get(ord), f.payload(ord), "ordinal " + ord);
    }
  }

  private Path write(int segment, List<ObjectNode> payloads) throws IOException {
    Path file = dir.resolve(SegmentPayloadsFile.FILE_NAME);
    SegmentPayloadsFile.write(file, segment, payloads.size(), payloads::get);
    return file;
  }

  @Test
  void everyJsonTypeRoundTripsExactly() throws IOException {
    ObjectNode p = everyType();
    Path file = write(1, List.of(p));
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 1, 1)) {
      ObjectNode back = f.payload(0);
      assertEquals(p, back);
      assertEquals(JSON.writeValueAsString(p), JSON.writeValueAsString(back));
      // Not merely equal as numbers: each keeps the node type JSON parsing gave it.
      assertInstanceOf(IntNode.class, back.get("int"));
      assertInstanceOf(IntNode.class, back.get("intMin"));
      assertInstanceOf(LongNode.class, back.get("long"));
      assertEquals(Long.MAX_VALUE, back.get("longMax").longValue());
      assertEquals(Long.MIN_VALUE, back.get("longMin").longValue());
      assertInstanceOf(BigIntegerNode.class, back.get("uint64"));
      assertEquals(new BigInteger("18446744073709551615"), back.get("uint64").bigIntegerValue());
      assertEquals(new BigInteger("-123456789012345678901234567890"), back.get("bigNeg").bigIntegerValue());
      assertInstanceOf(DoubleNode.class, back.get("dInt"));
      assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.get("negZero").doubleValue()));
      assertEquals(Double.MIN_VALUE, back.get("dTiny").doubleValue());
      assertTrue(back.get("n").isNull());
      assertNotSame(back, f.payload(0), "each call decodes a tree the caller owns");
    }
  }

  @Test
  void programmaticNodesRoundTripByValue() throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("long", Long.MAX_VALUE).put("float", 1.5f).put("double", Math.PI).put("nan", Double.NaN)
        .put("inf", Double.NEGATIVE_INFINITY).put("big", new BigInteger("-18446744073709551617"))
        .put("dec", new java.math.BigDecimal("1.10")).put("bytes", new byte[] {1, 2, 3});
    Path file = write(1, List.of(p));
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 1)) {
      ObjectNode back = f.payload(0);
      assertEquals(p, back);
      assertTrue(Double.isNaN(back.get("nan").doubleValue()));
    }
  }

  /** Jackson's read limits guard against hostile input; a payload the writer took must read back. */
  @Test
  void whatWasWrittenReadsBackBeyondJacksonsReadLimits() throws IOException {
    ObjectNode big = JSON.createObjectNode();
    big.put("long", "x".repeat(21_000_000)); // the default read limit is 20M characters
    big.put("n".repeat(60_000), 1); // names: 50k
    big.put("digits", new BigInteger("9".repeat(1_500))); // numbers: 1000 digits
    ObjectNode deep = JSON.createObjectNode();
    ObjectNode at = deep;
    for (int d = 0; d < 990; d++) { // near the writer's nesting limit of 1000
      at = at.putObject("d");
    }
    at.put("leaf", true);
    Path file = write(1, List.of(big, deep));
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 1, 2)) {
      assertEquals(big, f.payload(0));
      assertEquals(deep, f.payload(1));
    }
  }

  @Test
  void nullPayloadsAndEmptyObjectsAreDistinct() throws IOException {
    Path file = write(2, sample());
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 2, 4)) {
      assertPayloads(sample(), f);
      assertNull(f.payload(1));
      assertEquals(JSON.createObjectNode(), f.payload(2));
      assertEquals(Files.size(file), f.mappedBytes());
      assertEquals(2, f.segment());
    }
    assertFalse(Files.exists(dir.resolve("payloads.tmp")));
  }

  @Test
  void emptySegment() throws IOException {
    Path file = write(0, List.of());
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 0, 0)) {
      assertEquals(0, f.size());
      assertThrows(IllegalArgumentException.class, () -> f.payload(0));
    }
    assertEquals(24 + 8 + 20, Files.size(file));
  }

  static ObjectNode random(Random rnd, int ord) {
    ObjectNode p = JSON.createObjectNode();
    p.put("ord", ord);
    p.put("score", rnd.nextDouble());
    p.put("big", rnd.nextLong());
    p.put("name", "point-" + Integer.toString(rnd.nextInt(), 36) + "x".repeat(rnd.nextInt(40)));
    if (rnd.nextBoolean()) {
      p.putArray("tags").add("a" + rnd.nextInt(10)).add(rnd.nextInt(1000)).add(rnd.nextBoolean()).addNull();
    }
    if (rnd.nextInt(3) == 0) {
      p.putObject("meta").put("depth", rnd.nextInt(5)).putObject("inner").put("v", rnd.nextGaussian());
    }
    return p;
  }

  static List<ObjectNode> randomPayloads(int n, long seed) {
    Random rnd = new Random(seed);
    List<ObjectNode> out = new ArrayList<>(n);
    for (int ord = 0; ord < n; ord++) {
      out.add(rnd.nextInt(20) == 0 ? null : random(rnd, ord));
    }
    return out;
  }

  @Test
  void manyRandomPayloadsAcrossChunkBoundaries() throws IOException {
    int n = 100_000;
    List<ObjectNode> payloads = randomPayloads(n, 18);
    Path file = write(5, payloads);
    System.out.printf("payloads file: %d payloads, %d bytes, %.1f bytes per payload (JSON: %.1f)%n", n,
        Files.size(file), (double) Files.size(file) / n, payloads.stream().mapToLong(p -> {
          try {
            return p == null ? 0 : JSON.writeValueAsBytes(p).length;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).sum() / (double) n);
    // Chunks of 4 KiB: thousands of blobs straddle a boundary (smaller ones, in the damage test,
    // would cost more mappings than the kernel allows a process for a file of this size).
    for (long chunk : new long[] {SegmentPayloadsFile.DEFAULT_MAX_CHUNK_BYTES, 4096}) {
      try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 5, n, chunk)) {
        assertPayloads(payloads, f);
      }
    }
  }

  @Test
  void concurrentReadersDecodeIndependently() throws Exception {
    int n = 20_000;
    List<ObjectNode> payloads = randomPayloads(n, 7);
    Path file = write(6, payloads);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 6, n, 4096)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        results.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          int checked = 0;
          for (int i = 0; i < 20_000; i++) {
            int ord = rnd.nextInt(n);
            ObjectNode got = f.payload(ord);
            if (!java.util.Objects.equals(payloads.get(ord), got)) {
              throw new AssertionError("ordinal " + ord + ": " + got + " expected " + payloads.get(ord));
            }
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> r : results) {
        assertEquals(20_000, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closedFilesRefuseReads() throws IOException {
    Path file = write(1, sample());
    SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 1);
    f.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.payload(0));
    assertTrue(e.getMessage().contains("closed"), e::getMessage);
  }

  @Test
  void aFailingWriteLeavesNothing() throws IOException {
    Path file = dir.resolve("payloads");
    assertThrows(IllegalStateException.class, () -> SegmentPayloadsFile.write(file, 1, 3, ord -> {
      if (ord == 2) {
        throw new IllegalStateException("boom");
      }
      return JSON.createObjectNode();
    }));
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(dir.resolve("payloads.tmp")));
  }

  @Test
  void goldenFilePinsTheFormat() throws IOException {
    Path file = write(3, sample());
    assertGolden("segment-payloads-v1.bin", Files.readAllBytes(file));
    Path old = dir.resolve("old");
    Files.write(old, golden("segment-payloads-v1.bin"));
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(old, 3, 4)) {
      assertPayloads(sample(), f);
    }
  }

  @Test
  void everyTruncationAndBitFlipIsRefused() throws IOException {
    Path file = write(3, sample());
    // Chunks of 8 bytes: every blob and the checksum field straddle chunk boundaries.
    for (long chunk : new long[] {SegmentPayloadsFile.DEFAULT_MAX_CHUNK_BYTES, 8}) {
      damageEverywhere(file, f -> SegmentPayloadsFile.open(f, 3, 4, chunk).close());
    }
  }

  @Test
  void theWrongSegmentOrCountIsRefused() throws IOException {
    Path file = write(3, sample());
    CorruptFileException e = assertRefused(file, () -> SegmentPayloadsFile.open(file, 4), "segment 4");
    assertTrue(e.getMessage().contains("segment 3, expected segment 4"), e::getMessage);
    e = assertRefused(file, () -> SegmentPayloadsFile.open(file, 3, 5), "count 5");
    assertTrue(e.getMessage().contains("holds 4 payloads, expected 5"), e::getMessage);
  }

  /** Contents no writer produces, under a good checksum (re-signed after the edit): refused all the same. */
  @Test
  void wellChecksummedNonsenseIsRefused() throws IOException {
    Path file = write(3, sample());
    byte[] good = Files.readAllBytes(file);
    int n = 4;
    int tableAt = good.length - 20 - 8 * (n + 1);

    // offsets out of order: blob 1 ends before it starts
    byte[] bad = good.clone();
    ByteBuffer.wrap(bad).putLong(tableAt + 8, 23);
    expectRefusal(file, bad, "end of blob 0", tableAt + 8);
    // an offset past the table
    bad = good.clone();
    ByteBuffer.wrap(bad).putLong(tableAt + 8 * n, tableAt + 8);
    expectRefusal(file, bad, "end of blob 3", tableAt + 8 * n);
    // the first offset not right after the header
    bad = good.clone();
    ByteBuffer.wrap(bad).putLong(tableAt, 25);
    expectRefusal(file, bad, "first blob offset 25", tableAt);
    // the trailer's table offset disagreeing with the count
    bad = good.clone();
    ByteBuffer.wrap(bad).putLong(good.length - 20, tableAt - 8);
    expectRefusal(file, bad, "table offset", good.length - 20);
    // a blobs offset other than the header's end
    bad = good.clone();
    ByteBuffer.wrap(bad).putLong(16, 32);
    expectRefusal(file, bad, "blobs offset 32", 16);
    // a negative count
    bad = good.clone();
    ByteBuffer.wrap(bad).putInt(12, -1);
    expectRefusal(file, bad, "holds -1 payloads", 12);
    // a version from the future
    bad = good.clone();
    ByteBuffer.wrap(bad).putInt(4, 2);
    expectRefusal(file, bad, "format version 2", 4);

    // a blob that decodes to something other than an object: refused when read, naming the blob
    bad = good.clone();
    long blob2 = ByteBuffer.wrap(good).getLong(tableAt + 16);
    // Jackson writes maps with indefinite length: the empty object is 0xBF 0xFF ("break")
    assertEquals((byte) 0xBF, bad[(int) blob2], "ordinal 2 is the empty object");
    bad[(int) blob2] = (byte) 0x9F; // an empty array, also of indefinite length
    Files.write(file, resign(bad));
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 3, 4)) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> f.payload(2));
      assertInstanceOf(CorruptFileException.class, e.getCause());
      assertTrue(e.getMessage().contains("ordinal 2") && e.getMessage().contains("at byte " + blob2), e::getMessage);
      assertEquals(sample().get(0), f.payload(0), "the other payloads still read");
    }
  }

  private static void expectRefusal(Path file, byte[] bad, String says, long offset) throws IOException {
    Files.write(file, resign(bad));
    CorruptFileException e = assertRefused(file, () -> SegmentPayloadsFile.open(file, 3, -1).close(), says);
    assertTrue(e.getMessage().contains(says) && e.getMessage().contains("at byte " + offset + " "), e::getMessage);
  }

  /** Recomputes the checksum after an edit, as a buggy writer would have produced it. */
  private static byte[] resign(byte[] b) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 8);
    ByteBuffer.wrap(b).putLong(b.length - 8, crc.getValue());
    return b;
  }

  @Test
  void decodedTreesAreTheReadersOwn() throws IOException {
    Path file = write(1, sample());
    try (SegmentPayloadsFile f = SegmentPayloadsFile.open(file, 1)) {
      f.payload(0).put("city", "Bergen");
      assertEquals("Oslo", f.payload(0).get("city").asText());
      JsonNode tags = f.payload(0).get("tags");
      assertEquals(2, tags.size());
    }
  }
}
