package dev.quiver.engine.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.index.FixedBitSet;
import dev.quiver.core.index.TopHits;
import dev.quiver.engine.filter.Filter;
import dev.quiver.engine.text.TextIndex;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload-index file: what is read back answers every filter and every text query exactly as
 * the indexes that were written (and keeps doing so through later updates), the bytes of a small
 * input are pinned, and damage is refused naming the file and offset.
 */
class PayloadIndexFileTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] WORDS = {"a", "b", "c", "d", "e"};
  private static final String[] DATES = {"2024-01-01", "2024-01-01T00:00:00Z", "2024-01-01T06:00:00+02:00",
      "2024-03-15T12:00:00", "2023-12-31T23:59:59.5Z", "2024-06-30", "soon"};
  private static final String[] TEXT = {"red", "green", "running", "shoes", "shoe", "run", "the", "blue",
      "SKU-44-B", "fast", "quick", "brown", "fox", "jumps", "of", "lazy", "dogs", "dog"};
  private static final String[] KEYS = {"kw", "n", "i", "b", "d", "author.name", "author.age", "tags", "body",
      "title", "missing"};

  @TempDir
  Path dir;

  private final Random rnd = new Random(0xF11E);

  @Test
  void whatIsReadAnswersEveryFilterAndQueryAsWhatWasWritten() throws IOException {
    int n = 3000;
    List<ObjectNode> payloads = new ArrayList<>();
    PayloadIndexes original = new PayloadIndexes();
    // Two indexes see the points through add(), the rest at create().
    original.create("kw", PayloadSchemaType.KEYWORD, ord -> null, 0);
    original.create("body", PayloadSchemaType.TEXT, ord -> null, 0);
    for (int ord = 0; ord < n; ord++) {
      ObjectNode p = rnd.nextInt(10) == 0 ? null : randomPayload();
      payloads.add(p);
      if (p != null) {
        original.add(ord, p);
      }
    }
    original.create("n", PayloadSchemaType.FLOAT, payloads::get, n);
    original.create("i", PayloadSchemaType.INTEGER, payloads::get, n);
    original.create("b", PayloadSchemaType.BOOL, payloads::get, n);
    original.create("d", PayloadSchemaType.DATETIME, payloads::get, n);
    original.create("author.name", PayloadSchemaType.KEYWORD, payloads::get, n);
    original.create("author.age", PayloadSchemaType.INTEGER, payloads::get, n);
    original.create("tags", PayloadSchemaType.KEYWORD, payloads::get, n);
    original.create("title", PayloadSchemaType.TEXT, payloads::get, n);
    update(original, payloads, 800);

    int size = payloads.size();
    Path file = dir.resolve("payload-index");
    PayloadIndexFile.write(file, original, size);
    PayloadIndexes read = PayloadIndexFile.read(file, size);
    assertEquals(List.of("kw", "n", "i", "b", "d", "author.name", "author.age", "tags", "body", "title"),
        List.copyOf(read.schema().keySet()));
    assertEquals(original.schema(), read.schema());
    assertEquals(List.of("body", "title"), read.textFields());

    List<Filter> filters = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      filters.add(Filter.parse(randomBool(0)));
    }
    int[] stats = same(filters, original, read, size);
    assertTrue(stats[0] > 200 && stats[1] > 50 && stats[2] > 10_000, "too few narrowed / exact answers to mean anything: "
        + Arrays.toString(stats));
    sameText(original, read, size);

    // Both go on alike: removals, replacements and appends after the read.
    long seed = rnd.nextLong();
    List<ObjectNode> copy = new ArrayList<>(payloads);
    update(original, payloads, 400, new Random(seed));
    update(read, copy, 400, new Random(seed));
    assertEquals(payloads, copy);
    same(filters, original, read, payloads.size());
    sameText(original, read, payloads.size());

    // An index created after sealing is built on a read instance from the payloads.
    original.create("extra.kw", PayloadSchemaType.KEYWORD, payloads::get, payloads.size());
    read.create("extra.kw", PayloadSchemaType.KEYWORD, payloads::get, payloads.size());
    original.create("tags", PayloadSchemaType.TEXT, payloads::get, payloads.size());
    read.create("tags", PayloadSchemaType.TEXT, payloads::get, payloads.size());
    assertEquals(original.schema(), read.schema());
    List<Filter> extra = new ArrayList<>(filters);
    extra.add(Filter.parse("{\"must\": [{\"key\": \"extra.kw\", \"match\": {\"any\": [\"a\", \"c\"]}}]}"));
    extra.add(Filter.parse("{\"must_not\": [{\"is_empty\": {\"key\": \"extra.kw\"}}]}"));
    extra.add(Filter.parse("{\"must\": [{\"key\": \"tags\", \"match\": {\"text\": \"a b\"}}]}"));
    same(extra, original, read, payloads.size());
    sameText(original, read, payloads.size());
  }

  /** Returns {narrowed answers, exact answers, total estimate of exact answers}. */
  private static int[] same(List<Filter> filters, PayloadIndexes expected, PayloadIndexes actual, int size) {
    int narrowed = 0;
    int exact = 0;
    int matches = 0;
    for (Filter f : filters) {
      Candidates e = expected.candidates(f, size);
      Candidates a = actual.candidates(f, size);
      assertEquals(e, a, () -> "candidates differ for " + f);
      if (e.bits() != null) {
        narrowed++;
      }
      if (e.exact()) {
        exact++;
        matches += e.estimate();
      }
    }
    return new int[] {narrowed, exact, matches};
  }

  private void sameText(PayloadIndexes expected, PayloadIndexes actual, int size) {
    for (String field : expected.textFields()) {
      TextIndex e = expected.text(field);
      TextIndex a = actual.text(field);
      assertNotNull(a, field);
      assertEquals(e.docCount(), a.docCount(), field);
      assertEquals(e.termCount(), a.termCount(), field);
      assertEquals(Double.doubleToLongBits(e.averageLength()), Double.doubleToLongBits(a.averageLength()), field);
      for (int ord = 0; ord < size + 2; ord++) {
        assertEquals(e.length(ord), a.length(ord), field + " ord " + ord);
      }
      int hits = 0;
      for (int q = 0; q < 60; q++) {
        String query = sentence(1 + rnd.nextInt(4));
        for (String t : e.analyzer().terms(query)) {
          assertEquals(e.docFreq(t), a.docFreq(t), t);
        }
        FixedBitSet accept = null;
        if (q % 3 == 0) {
          accept = new FixedBitSet(size);
          for (int ord = 0; ord < size; ord++) {
            if (rnd.nextInt(3) == 0) {
              accept.set(ord);
            }
          }
        }
        int k = 1 + rnd.nextInt(20);
        TopHits eh = e.search(query, k, accept);
        TopHits ah = a.search(query, k, accept);
        assertArrayEquals(eh.ords(), ah.ords(), query);
        assertArrayEquals(eh.scores(), ah.scores(), query);
        assertEquals(eh.visited(), ah.visited(), query);
        hits += eh.size();
        assertEquals(e.idealScore(query), a.idealScore(query), query);
        for (int i = 0; i < 20; i++) {
          int ord = rnd.nextInt(size);
          assertEquals(e.score(query, ord), a.score(query, ord), query);
        }
        BitSet em = new BitSet();
        BitSet am = new BitSet();
        e.matchAll(query, em);
        a.matchAll(query, am);
        assertEquals(em, am, query);
      }
      if (!field.equals("tags")) { // "tags" holds single letters, which the queries rarely use
        assertTrue(hits > 100, "too few text hits in " + field + ": " + hits);
      }
    }
  }

  private void update(PayloadIndexes indexes, List<ObjectNode> payloads, int steps) {
    update(indexes, payloads, steps, rnd);
  }

  private void update(PayloadIndexes indexes, List<ObjectNode> payloads, int steps, Random r) {
    Random saved = this.random;
    this.random = r;
    try {
      for (int step = 0; step < steps; step++) {
        int ord = random.nextInt(payloads.size());
        ObjectNode old = payloads.get(ord);
        int op = random.nextInt(3);
        if (op == 0 && old != null) {
          indexes.remove(ord, old);
          payloads.set(ord, null);
        } else if (op == 1 && old != null) {
          ObjectNode next = randomPayload();
          indexes.remove(ord, old);
          payloads.set(ord, next);
          indexes.add(ord, next);
        } else {
          ObjectNode p = randomPayload();
          indexes.add(payloads.size(), p);
          payloads.add(p);
        }
      }
    } finally {
      this.random = saved;
    }
  }

  // ---- golden bytes and damage -----------------------------------------------------------------

  static List<ObjectNode> samplePayloads() {
    List<ObjectNode> ps = new ArrayList<>();
    ps.add(obj("{\"kw\": \"red\", \"n\": 1.5, \"b\": true, \"d\": \"2024-01-01\", \"body\": \"Red running shoes\"}"));
    ps.add(null); // dead
    ps.add(obj("{\"kw\": [\"red\", \"blue\"], \"n\": -2, \"b\": false, \"d\": null, \"body\": [\"blue shoe\", 7]}"));
    ps.add(obj("{\"kw\": [], \"n\": [3, 1.5], \"d\": \"2024-06-30T12:00:00Z\", \"body\": \"the of\"}"));
    ps.add(obj("{\"kw\": null, \"b\": [true, false], \"body\": \"SKU-44-B fast shoes shoes\"}"));
    for (int i = 5; i < 80; i++) {
      ps.add(obj("{\"kw\": \"k" + (i % 3) + "\", \"n\": " + (i % 7) + ", \"b\": true}"));
    }
    return ps;
  }

  static PayloadIndexes sample() {
    List<ObjectNode> ps = samplePayloads();
    PayloadIndexes p = new PayloadIndexes();
    p.create("kw", PayloadSchemaType.KEYWORD, ps::get, ps.size());
    p.create("n", PayloadSchemaType.FLOAT, ps::get, ps.size());
    p.create("b", PayloadSchemaType.BOOL, ps::get, ps.size());
    p.create("d", PayloadSchemaType.DATETIME, ps::get, ps.size());
    p.create("body", PayloadSchemaType.TEXT, ps::get, ps.size());
    p.create("count", PayloadSchemaType.INTEGER, ps::get, ps.size());
    return p;
  }

  private static final String[] SAMPLE_FILTERS = {
      "{\"must\": [{\"key\": \"kw\", \"match\": {\"value\": \"red\"}}]}",
      "{\"must\": [{\"key\": \"kw\", \"match\": {\"any\": [\"blue\", \"k1\"]}}]}",
      "{\"must_not\": [{\"key\": \"b\", \"match\": {\"value\": true}}]}",
      "{\"must\": [{\"key\": \"n\", \"range\": {\"gte\": 1.5, \"lt\": 4}}]}",
      "{\"must\": [{\"key\": \"d\", \"range\": {\"gte\": \"2024-01-01\"}}]}",
      "{\"should\": [{\"is_null\": {\"key\": \"d\"}}, {\"is_empty\": {\"key\": \"kw\"}}]}",
      "{\"must\": [{\"key\": \"body\", \"match\": {\"text\": \"shoes\"}}]}",
      "{\"must\": [{\"is_empty\": {\"key\": \"count\"}}]}",
  };

  @Test
  void goldenFilePinsTheFormat() throws IOException {
    PayloadIndexes p = sample();
    int size = samplePayloads().size();
    Path file = dir.resolve("payload-index");
    PayloadIndexFile.write(file, p, size);
    assertGolden("payload-index-v1.bin", Files.readAllBytes(file));
    // and a file written by an earlier build still reads, with the same answers
    Path old = dir.resolve("old-payload-index");
    Files.write(old, golden("payload-index-v1.bin"));
    PayloadIndexes read = PayloadIndexFile.read(old, size);
    assertEquals(p.schema(), read.schema());
    List<Filter> filters = Arrays.stream(SAMPLE_FILTERS).map(Filter::parse).toList();
    same(filters, p, read, size);
    Candidates shoes = read.candidates(filters.get(6), size);
    assertEquals(List.of(0, 2, 4), ords(shoes.bits()));
    assertEquals(List.of(0, 2, 4), Arrays.stream(read.text("body").search("shoes", 5, null).ords()).sorted()
        .boxed().toList());
    assertArrayEquals(p.text("body").search("shoes sku-44-b", 5, null).scores(),
        read.text("body").search("shoes sku-44-b", 5, null).scores());
  }

  @Test
  void emptyIndexesAndNoOrdinalsRoundTrip() throws IOException {
    Path file = dir.resolve("empty");
    PayloadIndexFile.write(file, new PayloadIndexes(), 0);
    PayloadIndexes read = PayloadIndexFile.read(file, 0);
    assertEquals(0, read.schema().size());
    assertEquals(Candidates.unknown(), read.candidates(Filter.parse("{}"), 0));
    PayloadIndexes none = new PayloadIndexes();
    none.create("kw", PayloadSchemaType.KEYWORD, ord -> null, 5);
    none.create("t", PayloadSchemaType.TEXT, ord -> null, 5);
    PayloadIndexFile.write(file, none, 5);
    read = PayloadIndexFile.read(file, 5);
    assertEquals(none.schema(), read.schema());
    Filter f = Filter.parse("{\"must_not\": [{\"key\": \"kw\", \"match\": {\"value\": \"x\"}}]}");
    assertEquals(none.candidates(f, 5), read.candidates(f, 5));
    assertEquals(0, read.text("t").docCount());
  }

  @Test
  void everyTruncationAndBitFlipIsRefusedNamingTheFile() throws IOException {
    Path file = dir.resolve("payload-index");
    int size = samplePayloads().size();
    PayloadIndexFile.write(file, sample(), size);
    byte[] good = Files.readAllBytes(file);
    for (int len = 0; len < good.length; len++) {
      Files.write(file, Arrays.copyOf(good, len));
      assertRefused(file, size, "truncated to " + len);
    }
    Random r = new Random(3);
    for (int t = 0; t < 400; t++) {
      byte[] bad = good.clone();
      int at = r.nextInt(bad.length);
      bad[at] ^= (byte) (1 << r.nextInt(8));
      Files.write(file, bad);
      assertRefused(file, size, "bit flipped at " + at);
    }
    Files.write(file, Arrays.copyOf(good, good.length + 1));
    assertRefused(file, size, "a byte appended");
    Files.write(file, good);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> PayloadIndexFile.read(file, size + 1));
    assertTrue(e.getMessage().contains("covers " + size + " ordinals") && e.getMessage().contains("byte 8"),
        e::getMessage);
  }

  @Test
  void damageBehindAValidChecksumIsRefusedToo() throws IOException {
    Path file = dir.resolve("payload-index");
    int size = samplePayloads().size();
    PayloadIndexFile.write(file, sample(), size);
    byte[] good = Files.readAllBytes(file);

    // An unknown type code: the byte after the first field's name ("kw" at 4-byte length + 2).
    int live = ByteBuffer.wrap(good, 12, 4).getInt();
    int fieldAt = 16 + live + 4;
    assertEquals("kw", new String(good, fieldAt + 4, 2, java.nio.charset.StandardCharsets.UTF_8));
    byte[] bad = good.clone();
    bad[fieldAt + 6] = 42;
    CorruptFileException e = refusedWithChecksum(file, bad, size);
    assertTrue(e.getMessage().contains("type code 42") && e.getMessage().contains("byte " + (fieldAt + 6)),
        e::getMessage);

    // Ordinals past the size: the same file claiming fewer ordinals.
    bad = good.clone();
    ByteBuffer.wrap(bad).putInt(8, 3);
    e = refusedWithChecksum(file, bad, 3);
    assertTrue(e.getMessage().contains("beyond") || e.getMessage().contains("the 3 there are"), e::getMessage);
  }

  private static CorruptFileException refusedWithChecksum(Path file, byte[] bad, int size) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(bad, 0, bad.length - 8);
    ByteBuffer.wrap(bad).putLong(bad.length - 8, crc.getValue());
    Files.write(file, bad);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> PayloadIndexFile.read(file, size));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e::getMessage);
    return e;
  }

  private static void assertRefused(Path file, int size, String what) {
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> PayloadIndexFile.read(file, size), what);
    assertTrue(e.getMessage().contains(file.getFileName().toString()) && e.getMessage().contains("byte"),
        () -> what + ": " + e.getMessage());
  }

  private static List<Integer> ords(FixedBitSet bits) {
    List<Integer> out = new ArrayList<>();
    for (int o = bits.nextSetBit(0); o >= 0; o = bits.nextSetBit(o + 1)) {
      out.add(o);
    }
    return out;
  }

  private static void assertGolden(String name, byte[] actual) throws IOException {
    String writeTo = System.getProperty("quiver.golden.write");
    if (writeTo != null) {
      Files.write(Path.of(writeTo).resolve(name), actual);
      return;
    }
    assertArrayEquals(golden(name), actual, name + " changed: a format change needs a new version and docs");
  }

  private static byte[] golden(String name) throws IOException {
    try (InputStream in = PayloadIndexFileTest.class.getResourceAsStream("/golden/" + name)) {
      assertFalse(in == null, "missing golden file " + name + "; run with -Dquiver.golden.write=<dir>");
      return in.readAllBytes();
    }
  }

  private static ObjectNode obj(String json) {
    try {
      return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  // ---- random data -------------------------------------------------------------------------

  /** The source of randomness for payloads; swapped by {@link #update} to replay one sequence twice. */
  private Random random = rnd;

  private JsonNode scalar() {
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> F.textNode(WORDS[random.nextInt(WORDS.length)]);
      case 3, 4 -> F.numberNode(random.nextInt(5));
      case 5 -> F.numberNode(random.nextInt(5) + (random.nextBoolean() ? 0.5 : 0.0));
      case 6 -> F.booleanNode(random.nextBoolean());
      case 7 -> F.textNode(DATES[random.nextInt(DATES.length)]);
      case 8 -> F.nullNode();
      default -> F.numberNode(-0.0);
    };
  }

  /** Mostly the field's own type, sometimes another, an array (maybe empty), null or nothing. */
  private JsonNode value(int kind) {
    int r = random.nextInt(12);
    if (r == 0) {
      return scalar();
    }
    if (r == 1) {
      return F.nullNode();
    }
    if (r == 2) {
      ArrayNode a = F.arrayNode();
      int len = random.nextInt(4);
      for (int i = 0; i < len; i++) {
        a.add(random.nextInt(4) == 0 ? scalar() : typed(kind));
      }
      return a;
    }
    return typed(kind);
  }

  private JsonNode typed(int kind) {
    return switch (kind) {
      case 0 -> F.textNode(WORDS[random.nextInt(WORDS.length)]);
      case 1 -> random.nextBoolean() ? F.numberNode(random.nextInt(6) - 1) : F.numberNode(random.nextInt(12) / 2.0);
      case 2 -> F.booleanNode(random.nextBoolean());
      case 3 -> F.textNode(DATES[random.nextInt(DATES.length)]);
      default -> F.textNode(sentence(1 + random.nextInt(8)));
    };
  }

  private String sentence(int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(TEXT[random.nextInt(TEXT.length)]);
    }
    return sb.toString();
  }

  private ObjectNode randomPayload() {
    ObjectNode p = F.objectNode();
    String[] fields = {"kw", "n", "i", "b", "d", "tags", "body", "title"};
    int[] kinds = {0, 1, 1, 2, 3, 0, 4, 4};
    for (int f = 0; f < fields.length; f++) {
      if (random.nextInt(4) > 0) {
        p.set(fields[f], value(kinds[f]));
      }
    }
    int authors = random.nextInt(4);
    if (authors == 1) {
      p.set("author", author());
    } else if (authors > 1) {
      ArrayNode a = p.putArray("author");
      for (int i = 0; i < authors - 1; i++) {
        a.add(author());
      }
    }
    if (random.nextInt(3) == 0) {
      p.putObject("extra").set("kw", value(0));
    }
    return p;
  }

  private ObjectNode author() {
    ObjectNode a = F.objectNode();
    if (random.nextInt(4) > 0) {
      a.set("name", value(0));
    }
    if (random.nextInt(4) > 0) {
      a.set("age", value(1));
    }
    return a;
  }

  private ObjectNode randomBool(int depth) {
    ObjectNode b = F.objectNode();
    for (String part : new String[] {"must", "should", "must_not"}) {
      int len = rnd.nextInt(depth == 0 ? 3 : 2);
      if (len == 0 && rnd.nextBoolean()) {
        continue;
      }
      ArrayNode a = b.putArray(part);
      for (int i = 0; i < len; i++) {
        a.add(randomCondition(depth));
      }
    }
    return b;
  }

  private JsonNode randomCondition(int depth) {
    String key = KEYS[rnd.nextInt(KEYS.length)];
    ObjectNode c = F.objectNode();
    switch (rnd.nextInt(depth < 2 ? 10 : 9)) {
      case 0, 1 -> c.put("key", key).putObject("match").set("value", nonNullScalar());
      case 2 -> c.put("key", key).putObject("match").set("any", scalars());
      case 3 -> c.put("key", key).putObject("match").set("except", scalars());
      case 4 -> {
        ObjectNode r = c.put("key", key).putObject("range");
        for (String op : new String[] {"gt", "gte", "lt", "lte"}) {
          if (rnd.nextInt(3) == 0 || (op.equals("lte") && r.isEmpty())) {
            r.put(op, rnd.nextInt(12) / 2.0 - 1);
          }
        }
      }
      case 5 -> {
        ObjectNode r = c.put("key", rnd.nextBoolean() ? "d" : key).putObject("range");
        for (String op : new String[] {"gt", "gte", "lt", "lte"}) {
          if (rnd.nextInt(3) == 0 || (op.equals("gte") && r.isEmpty())) {
            r.put(op, DATES[rnd.nextInt(DATES.length - 1)]);
          }
        }
      }
      case 6 -> c.putObject(rnd.nextBoolean() ? "is_null" : "is_empty").put("key", key);
      case 7 -> c.put("key", rnd.nextBoolean() ? "body" : "title").putObject("match")
          .put("text", sentence(1 + rnd.nextInt(3)));
      case 8 -> {
        ArrayNode ids = c.putArray("has_id");
        for (int i = rnd.nextInt(4); i > 0; i--) {
          ids.add(rnd.nextInt(40));
        }
      }
      default -> {
        return randomBool(depth + 1);
      }
    }
    return c;
  }

  private JsonNode nonNullScalar() {
    JsonNode v;
    do {
      v = scalar();
    } while (v.isNull());
    return v;
  }

  private ArrayNode scalars() {
    ArrayNode a = F.arrayNode();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      a.add(nonNullScalar());
    }
    return a;
  }

  @Test
  void postingsOfEveryDensityRoundTrip() throws IOException {
    // sparse, dense, every ordinal, the last ordinal only: both encodings and both in-memory forms
    int size = 5000;
    List<ObjectNode> ps = new ArrayList<>();
    for (int ord = 0; ord < size; ord++) {
      ObjectNode p = F.objectNode();
      p.put("all", "x");
      if (ord % 2 == 0) {
        p.put("half", "y");
      }
      if (ord % 97 == 0) {
        p.put("rare", "z");
      }
      if (ord == size - 1) {
        p.put("last", "w");
      }
      ps.add(p);
    }
    PayloadIndexes p = new PayloadIndexes();
    for (String f : new String[] {"all", "half", "rare", "last"}) {
      p.create(f, PayloadSchemaType.KEYWORD, ps::get, size);
    }
    Path file = dir.resolve("densities");
    PayloadIndexFile.write(file, p, size);
    PayloadIndexes read = PayloadIndexFile.read(file, size);
    for (String f : new String[] {"all", "half", "rare", "last"}) {
      for (String v : new String[] {"x", "y", "z", "w"}) {
        Filter filter = new Filter.Match(f, F.textNode(v));
        assertEquals(p.candidates(filter, size), read.candidates(filter, size), f + "=" + v);
        Filter not = new Filter.Bool(List.of(), List.of(), List.of(filter));
        assertEquals(p.candidates(not, size), read.candidates(not, size), f + "!=" + v);
      }
    }
    assertNull(read.text("all"));
    // a size below what was written leaves the rest out
    PayloadIndexFile.write(file, p, 100);
    PayloadIndexes cut = PayloadIndexFile.read(file, 100);
    Filter all = new Filter.Match("all", F.textNode("x"));
    assertEquals(p.candidates(all, 100), cut.candidates(all, 100));
    assertEquals(100, cut.candidates(all, 100).estimate());
  }
}
