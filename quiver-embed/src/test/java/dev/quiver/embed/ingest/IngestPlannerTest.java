package dev.quiver.embed.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPlannerTest {

  @TempDir Path dir;

  private static String prose(String topic, int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("The ").append(topic).append(" note number ").append(i)
          .append(" says that vectors, e.g. embeddings, weigh 3.5 units each. ");
    }
    return sb.toString();
  }

  private void writeFolder() throws Exception {
    Files.createDirectories(dir.resolve("docs/sub"));
    Files.writeString(dir.resolve("docs/a.txt"), "Plain notes\n\n" + prose("plain", 30));
    Files.writeString(dir.resolve("docs/sub/b.md"), "# Markdown *title*\n\n" + prose("markdown", 30));
    Files.writeString(dir.resolve("docs/sub/c.html"), "<html><head><title>Web page</title><script>x()</script>"
        + "</head><body><nav>menu</nav><p>" + prose("html", 30) + "</p></body></html>");
    Files.write(dir.resolve("docs/d.pdf"), DocumentLoaderTest.pdf("Report", "First page of the pdf report.",
        "Second page of the pdf report.", "Third page of the pdf report."));
    Files.write(dir.resolve("docs/broken.pdf"), "%PDF-1.4 garbage".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(dir.resolve("docs/skip.csv"), "a,b");
  }

  @Test
  void plansEveryFileWithStableIdsAndFullPayloads() throws Exception {
    writeFolder();
    IngestPlanner planner = new IngestPlanner(ChunkingConfig.of(40, 10));
    IngestPlan plan = planner.plan(List.of(dir.resolve("docs")));
    assertEquals(List.of("a.txt", "c.html", "b.md", "d.pdf").stream().sorted().toList(),
        plan.files().stream().map(f -> f.path().getFileName().toString()).sorted().toList());
    assertEquals(1, plan.failures().size());
    IngestPlan.Failure failure = plan.failures().get(0);
    assertTrue(failure.message().contains("broken.pdf"), failure.message());

    Set<UUID> ids = new HashSet<>();
    for (IngestPlan.FilePlan f : plan.files()) {
      assertEquals(64, f.contentHash().length());
      assertTrue(!f.chunks().isEmpty(), f.path().toString());
      Document doc = f.document().document();
      for (int i = 0; i < f.chunks().size(); i++) {
        ObjectNode p = f.payloads().get(i);
        assertEquals(f.path().toString(), p.get("source").asText());
        assertEquals(i, p.get("chunk").asInt());
        assertEquals(f.contentHash(), p.get("content_hash").asText());
        assertEquals(doc.title(), p.get("title").asText());
        assertEquals(doc.text().substring(p.get("start").asInt(), p.get("end").asInt()), p.get("text").asText());
        assertTrue(ChunkingConfig.estimateTokens(p.get("text").asText()) <= 40);
      }
      ids.addAll(f.ids());
    }
    assertEquals(plan.chunkCount(), ids.size(), "ids differ across files and chunks");

    IngestPlan.FilePlan pdf = plan.files().stream().filter(f -> f.path().toString().endsWith(".pdf")).findFirst()
        .orElseThrow();
    assertEquals("Report", pdf.payloads().get(0).get("title").asText());
    assertTrue(pdf.payloads().stream().allMatch(p -> p.has("page")), "pdf chunks carry their page");
    IngestPlan.FilePlan md = plan.files().stream().filter(f -> f.path().toString().endsWith(".md")).findFirst()
        .orElseThrow();
    assertEquals("Markdown title", md.payloads().get(0).get("title").asText());
    assertTrue(md.chunks().size() > 3, "overlapping chunks of 40 tokens");

    // Re-planning gives the same ids; a renamed file gets new ones.
    IngestPlan again = new IngestPlanner(ChunkingConfig.of(40, 10)).plan(List.of(dir.resolve("docs")));
    assertEquals(plan.files().get(0).ids(), again.files().get(0).ids());
    Files.copy(dir.resolve("docs/a.txt"), dir.resolve("docs/a2.txt"));
    IngestPlan.FilePlan a = planner.planFile(dir.resolve("docs/a.txt"));
    IngestPlan.FilePlan a2 = planner.planFile(dir.resolve("docs/a2.txt"));
    assertEquals(a.contentHash(), a2.contentHash());
    assertNotEquals(a.ids().get(0), a2.ids().get(0));
  }

  @Test
  void singlePagePdfChunksCarryPageOne() throws Exception {
    Path f = Files.write(dir.resolve("one.pdf"), DocumentLoaderTest.pdf(null, "Only page."));
    IngestPlan.FilePlan p = new IngestPlanner(ChunkingConfig.defaults()).planFile(f);
    assertEquals(1, p.payloads().get(0).get("page").asInt());
    assertTrue(!new IngestPlanner(ChunkingConfig.defaults()).planFile(
        Files.writeString(dir.resolve("t.txt"), "Text.")).payloads().get(0).has("page"));
  }
}
