package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.api.ApiCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command flow against the embedded folder ({@code --data}) and a server ({@code --url}):
 * every command, its output and its exit codes.
 */
abstract class CommandFlowContract {

  @TempDir Path files;

  /** The command line, pointed at an empty database. */
  abstract Cli cli();

  static final String JSONL = """
      {"id": 1, "vector": [1, 0, 0], "payload": {"city": "Paris", "n": 1}}
      {"id": 2, "vector": [0, 1, 0], "payload": {"city": "Oslo", "n": 2}}

      {"id": 3, "vector": [0, 0, 1], "payload": {"city": "Paris", "n": 3}}
      {"id": 4, "vector": [0.9, 0.1, 0]}
      """;

  static final String BAD_JSONL = """
      {"id": 1, "vector": [1, 0, 0]}
      {"id": 2, "vector": [0, 1]}
      {"id": 3, "vector": [0, 0, 1], "colour": "red"}
      not json at all
      {"id": "x", "vector": [1, 1, 1]}
      {"id": 6, "vector": [1, 1, 1]}
      """;

  private Path write(String name, String text) throws IOException {
    Path p = files.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void ok(Cli.Result r) {
    assertEquals(0, r.exit(), r::toString);
  }

  private void createDocs(Cli cli) {
    ok(cli.run("create", "docs", "--size", "3", "--distance", "cosine"));
  }

  @Test
  void createUpsertSearchScrollCountInfo() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    Cli.Result up = cli.run("upsert", "docs", write("points.jsonl", JSONL).toString(), "--batch", "2");
    ok(up);
    assertTrue(up.out().contains("upserted 4 points into 'docs'"), up::toString);

    Cli.Result list = cli.run("collections");
    ok(list);
    assertTrue(list.out().matches("(?s).*docs\\s+4\\s.*"), list::toString);
    JsonNode listed = ApiCodec.readTree(cli.run("collections", "--json").out());
    assertEquals("docs", listed.get("collections").get(0).get("name").asText());
    assertEquals(4, listed.get("collections").get(0).get("points_count").asLong());

    Cli.Result search = cli.run("search", "docs", "--vector", "[1, 0, 0]", "-k", "2");
    ok(search);
    String[] lines = search.out().strip().split("\n");
    assertEquals(3, lines.length, search::toString);
    assertTrue(lines[0].contains("score") && lines[0].contains("payload"), search::toString);
    assertTrue(lines[1].startsWith("1 ") && lines[1].contains("1.000000") && lines[1].contains("Paris"), search::toString);
    assertTrue(lines[2].startsWith("4 "), search::toString);

    JsonNode hits = ApiCodec.readTree(cli.run("search", "docs", "--vector", "0 1 0", "--json", "--exact",
        "--with-vector", "--filter", "{\"must\": [{\"key\": \"city\", \"match\": {\"value\": \"Oslo\"}}]}").out());
    assertEquals(1, hits.size(), hits::toString);
    assertEquals(2, hits.get(0).get("id").asLong());
    assertEquals(3, hits.get(0).get("vector").size());

    Path query = write("query.txt", "[0, 0, 1]\n");
    Cli.Result fromFile = cli.run("search", "docs", "--vector-file", query.toString(), "-k", "1", "--ef", "50");
    ok(fromFile);
    assertTrue(fromFile.out().strip().split("\n")[1].startsWith("3 "), fromFile::toString);

    Cli.Result page = cli.run("scroll", "docs", "--limit", "3");
    ok(page);
    assertTrue(page.out().contains("next page: --offset 4"), page::toString);
    Cli.Result rest = cli.run("scroll", "docs", "--limit", "3", "--offset", "4");
    ok(rest);
    assertTrue(rest.out().contains("(end)") && rest.out().contains("\n4 "), rest::toString);
    JsonNode scrolled = ApiCodec.readTree(cli.run("scroll", "docs", "--json",
        "--filter", "{\"must\": [{\"key\": \"city\", \"match\": {\"value\": \"Paris\"}}]}").out());
    assertEquals(2, scrolled.get("points").size());
    assertTrue(scrolled.get("next_page_offset").isNull());

    Cli.Result count = cli.run("count", "docs");
    ok(count);
    assertEquals("4", count.out().strip());
    assertEquals("1", cli.run("count", "docs", "--filter",
        "{\"must\": [{\"key\": \"n\", \"range\": {\"gte\": 3}}]}").out().strip());

    Cli.Result info = cli.run("info", "docs");
    ok(info);
    assertTrue(info.out().contains("points:      4") && info.out().contains("size 3, cosine"), info::toString);
    JsonNode infoJson = ApiCodec.readTree(cli.run("info", "docs", "--json").out());
    assertEquals(4, infoJson.get("points_count").asLong());
  }

  /** The documented {@code --filter @file.json} (a separate word, as --help shows it) on every command taking one. */
  @Test
  void filterFromAFileAsDocumented() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    ok(cli.run("upsert", "docs", write("points.jsonl", JSONL).toString()));
    String paris = write("paris.json", "{\"must\": [{\"key\": \"city\", \"match\": {\"value\": \"Paris\"}}]}").toString();
    Cli.Result count = cli.run("count", "docs", "--filter", "@" + paris);
    ok(count);
    assertEquals("2", count.out().strip());
    assertEquals("2", cli.run("count", "docs", "--filter=@" + paris).out().strip());
    JsonNode hits = ApiCodec.readTree(cli.run("search", "docs", "--vector", "[0, 1, 0]", "--json", "--filter", "@" + paris).out());
    assertEquals(2, hits.size(), hits::toString);
    JsonNode page = ApiCodec.readTree(cli.run("scroll", "docs", "--json", "--filter", "@" + paris).out());
    assertEquals(2, page.get("points").size(), page::toString);
    JsonNode rec = ApiCodec.readTree(cli.run("recommend", "docs", "-p", "4", "--json", "--filter", "@" + paris).out());
    assertEquals(2, rec.size(), rec::toString);
    Cli.Result missing = cli.run("count", "docs", "--filter", "@" + files.resolve("nope.json"));
    assertEquals(ExitCodes.INVALID_INPUT, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("nope.json"), missing::toString);
  }

  @Test
  void csvWithVectorColumnAndComponentColumns() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    Path csv = write("points.csv", """
        id,vector,title,year,score,zip
        10,"[1, 0, 0]","Hello, world",2001,0.5,02139
        11,0 1 0,plain,1999,,75001
        12,0;0;1,"say ""hi""\",-4,1e3,-
        """);
    Cli.Result up = cli.run("upsert", "docs", csv.toString());
    ok(up);
    assertTrue(up.out().contains("upserted 3 points"), up::toString);
    JsonNode page = ApiCodec.readTree(cli.run("scroll", "docs", "--json").out()).get("points");
    assertEquals("Hello, world", page.get(0).get("payload").get("title").asText());
    assertTrue(page.get(0).get("payload").get("year").isIntegralNumber());
    assertTrue(page.get(0).get("payload").get("score").isFloatingPointNumber());
    assertFalse(page.get(1).get("payload").has("score"), "empty cells are left out");
    assertEquals("say \"hi\"", page.get(2).get("payload").get("title").asText());
    assertEquals(-4, page.get(2).get("payload").get("year").asLong());
    assertEquals("02139", page.get(0).get("payload").get("zip").asText(), "leading zeros stay text");
    assertEquals(75001, page.get(1).get("payload").get("zip").asLong());
    assertTrue(page.get(2).get("payload").get("zip").isTextual());
    assertEquals(1000.0, page.get(2).get("payload").get("score").asDouble());

    ok(cli.run("create", "comp", "--size", "2", "--distance", "euclidean"));
    Path comp = write("comp.data", "key,v1,v0,label\n7,2,1,a\n8,4,3,b\n");
    Cli.Result up2 = cli.run("upsert", "comp", comp.toString(), "--format", "csv", "--id-column", "key");
    ok(up2);
    JsonNode hit = ApiCodec.readTree(cli.run("search", "comp", "--vector", "[1,2]", "-k", "1", "--json",
        "--with-vector").out()).get(0);
    assertEquals(7, hit.get("id").asLong());
    assertEquals(1.0, hit.get("vector").get(0).asDouble(), 1e-6);
    assertEquals("a", hit.get("payload").get("label").asText());
    assertFalse(hit.get("payload").has("key"));

    Cli.Result noId = cli.run("upsert", "comp", comp.toString(), "--format", "csv");
    assertEquals(4, noId.exit(), noId::toString);
    assertTrue(noId.err().contains("no id column 'id'") && noId.err().contains("--id-column"), noId::toString);
  }

  @Test
  void badLinesStopTheRunOrAreSkipped() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    Path bad = write("bad.jsonl", BAD_JSONL);
    Cli.Result stop = cli.run("upsert", "docs", bad.toString());
    assertEquals(4, stop.exit(), stop::toString);
    assertTrue(stop.err().contains("bad.jsonl line 2: vector has dimension 2, the collection expects 3"), stop::toString);
    assertTrue(stop.err().contains("1 points before it were written"), stop::toString);
    assertEquals(1, stop.err().strip().lines().filter(l -> l.startsWith("quiver")).count(), stop::toString);
    assertFalse(stop.err().contains("\tat "), "no stack trace");
    assertEquals("1", cli.run("count", "docs").out().strip());

    Cli.Result skip = cli.run("upsert", "docs", bad.toString(), "--skip-bad");
    ok(skip);
    assertTrue(skip.out().contains("upserted 2 points") && skip.out().contains("skipped 4 bad lines"), skip::toString);
    assertTrue(skip.err().contains("line 2: vector has dimension 2"), skip::toString);
    assertTrue(skip.err().contains("line 3: ") && skip.err().contains("colour"), skip::toString);
    assertTrue(skip.err().contains("line 4: not valid JSON"), skip::toString);
    assertTrue(skip.err().contains("line 5: "), skip::toString);
    assertEquals("2", cli.run("count", "docs").out().strip());

    Path badCsv = write("bad.csv", "id,vector\n1,1 0 0\n2,1 0 zero\n3,1 0\n4,1 0 0,extra\nabc,1 1 1\n");
    Cli.Result csv = cli.run("upsert", "docs", badCsv.toString(), "--skip-bad");
    ok(csv);
    assertTrue(csv.err().contains("bad.csv line 3: vector component 2 is 'zero'"), csv::toString);
    assertTrue(csv.err().contains("bad.csv line 4: vector has dimension 2"), csv::toString);
    assertTrue(csv.err().contains("bad.csv line 5: has 3 columns, the header has 2"), csv::toString);
    assertTrue(csv.err().contains("bad.csv line 6: point id 'abc'"), csv::toString);
    assertTrue(csv.out().contains("upserted 1 points") && csv.out().contains("skipped 4 bad lines"), csv::toString);
  }

  @Test
  void snapshotAndRestore() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    ok(cli.run("upsert", "docs", write("points.jsonl", JSONL).toString()));
    Path snap = files.resolve("out/docs.snapshot");
    Cli.Result s = cli.run("snapshot", "docs", "--output", snap.toString());
    ok(s);
    assertTrue(Files.size(snap) > 0 && s.out().contains(snap.toString()), s::toString);

    Cli.Result r = cli.run("restore", snap.toString(), "--collection", "copy");
    ok(r);
    assertTrue(r.out().contains("'copy' (4 points)"), r::toString);
    assertEquals("4", cli.run("count", "copy").out().strip());
    JsonNode hit = ApiCodec.readTree(cli.run("search", "copy", "--vector", "[0,1,0]", "-k", "1", "--json").out());
    assertEquals("Oslo", hit.get(0).get("payload").get("city").asText());

    Cli.Result again = cli.run("restore", snap.toString(), "--collection", "copy");
    assertEquals(4, again.exit(), again::toString);
    assertTrue(again.err().contains("already exists"), again::toString);
    Cli.Result missing = cli.run("restore", files.resolve("nope.snapshot").toString(), "--collection", "x");
    assertEquals(3, missing.exit(), missing::toString);

    ok(cli.run("delete-collection", "copy"));
    assertEquals(3, cli.run("count", "copy").exit());
  }

  @Test
  void exitCodes() throws IOException {
    Cli cli = cli();
    createDocs(cli);
    // 2: usage
    assertEquals(2, cli.run("search", "docs").exit(), "a query is required");
    assertEquals(2, cli.run("create", "other").exit());
    assertEquals(2, cli.run("scroll", "docs", "--limit", "0").exit());
    assertEquals(2, cli.run("upsert", "docs", "x.jsonl", "--format", "xml").exit());
    assertEquals(2, Cli.raw("no-such-command").exit());
    // 3: not found
    Cli.Result nf = cli.run("search", "nope", "--vector", "[1,0,0]");
    assertEquals(3, nf.exit(), nf::toString);
    assertTrue(nf.err().contains("'nope'") && nf.err().contains("docs"), nf::toString);
    assertFalse(nf.err().contains("\tat "), nf::toString);
    assertEquals(3, cli.run("info", "nope").exit());
    assertEquals(3, cli.run("delete-collection", "nope").exit());
    assertEquals(3, cli.run("snapshot", "nope", "-o", files.resolve("n.snapshot").toString()).exit());
    assertEquals(3, cli.run("upsert", "docs", files.resolve("missing.jsonl").toString()).exit());
    // 4: invalid input
    Cli.Result filter = cli.run("count", "docs", "--filter", "{\"must\": [{\"kez\": 1}]}");
    assertEquals(4, filter.exit(), filter::toString);
    assertTrue(filter.err().contains("kez"), filter::toString);
    assertEquals(4, cli.run("search", "docs", "--vector", "[1, 2]").exit(), "wrong dimension");
    assertEquals(4, cli.run("search", "docs", "--vector", "[1, two, 3]").exit());
    assertEquals(4, cli.run("create", "docs", "--size", "3").exit(), "name taken");
    assertEquals(4, cli.run("create", "bad", "--size", "3", "--distance", "hamming").exit());
    assertEquals(4, cli.run("create", "bad name", "--size", "3").exit());
    // 1: I/O error (the snapshot's folder is a file)
    Path blocker = write("blocker", "x");
    Cli.Result io = cli.run("snapshot", "docs", "-o", blocker.resolve("s.snapshot").toString());
    assertEquals(1, io.exit(), io::toString);
    // --verbose adds the stack trace
    Cli.Result verbose = cli.run("info", "nope", "--verbose");
    assertEquals(3, verbose.exit());
    assertTrue(verbose.err().contains("\tat "), verbose::toString);
  }

  @Test
  void namedVectorsAndConfigFile() throws IOException {
    Cli cli = cli();
    ok(cli.run("create", "multi", "--vectors", "a:2:dot", "--vectors", "b:3", "--m", "8", "--ef-construct", "40"));
    Cli.Result info = cli.run("info", "multi");
    assertTrue(info.out().contains("a  size 2, dot, m 8, ef_construct 40"), info::toString);
    assertTrue(info.out().contains("b  size 3, cosine"), info::toString);
    Path pts = write("multi.jsonl", "{\"id\": 1, \"vector\": {\"a\": [1, 0], \"b\": [0, 0, 1]}}\n"
        + "{\"id\": 2, \"vector\": {\"a\": [0, 1], \"b\": [1, 0, 0]}}\n");
    ok(cli.run("upsert", "multi", pts.toString()));
    JsonNode hit = ApiCodec.readTree(cli.run("search", "multi", "--using", "b", "--vector", "[1,0,0]", "-k", "1",
        "--json").out());
    assertEquals(2, hit.get(0).get("id").asLong());
    Path csv = write("multi.csv", "id,vector.a,b,tag\n3,1 1,1 1 1,x\n");
    ok(cli.run("upsert", "multi", csv.toString()));
    assertEquals("3", cli.run("count", "multi").out().strip());
    Cli.Result missing = cli.run("upsert", "multi", write("m2.jsonl", "{\"id\": 9, \"vector\": {\"a\": [1, 0]}}\n").toString());
    assertEquals(4, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("no vector 'b'"), missing::toString);

    Path config = write("config.json", "{\"vectors\": {\"size\": 2, \"distance\": \"euclidean\"}}");
    ok(cli.run("create", "fromfile", "--config", config.toString()));
    assertTrue(cli.run("info", "fromfile").out().contains("size 2, euclidean"));
  }
}
