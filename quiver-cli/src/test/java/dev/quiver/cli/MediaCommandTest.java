package dev.quiver.cli;

import static dev.quiver.cli.FakeMediaModels.BLUE;
import static dev.quiver.cli.FakeMediaModels.GREEN;
import static dev.quiver.cli.FakeMediaModels.RED;
import static dev.quiver.cli.FakeMediaModels.png;
import static dev.quiver.cli.FakeMediaModels.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver ingest} of images and sounds next to documents, and {@code quiver search --image /
 * --audio}, embedded and through a server, with the fake media models registered for this module's
 * tests.
 */
class MediaCommandTest {

  @TempDir Path dir;

  private Path folder() throws Exception {
    Path d = Files.createDirectories(dir.resolve("files"));
    Files.write(d.resolve("red.png"), png(8, RED));
    Files.write(d.resolve("green.png"), png(8, GREEN));
    Files.write(d.resolve("blue.png"), png(8, BLUE));
    Files.write(d.resolve("hum.wav"), wav(150, 0.2, 0.5));
    Files.writeString(d.resolve("sky.md"), "The sky is blue.");
    return d;
  }

  private Path config(String name, String json) throws Exception {
    return Files.writeString(dir.resolve(name + ".json"), json);
  }

  private void flow(Cli cli) throws Exception {
    Path d = folder();
    Path query = Files.write(dir.resolve("query.png"), png(16, RED));
    assertEquals(0, cli.run("create", "pics", "--config", config("pics",
        "{\"vectors\":{\"image\":{\"model\":\"fake-cells\"},\"clip\":{\"model\":\"fake-joint\"}}}").toString()).exit());
    Cli.Result first = cli.run("ingest", "pics", d.toString(), "-q");
    assertEquals(4, first.exit(), "files no vector can embed are invalid input: " + first);
    assertTrue(first.out().contains("1 documents: 0 added, 0 replaced, 0 unchanged, 1 failed"), first.toString());
    assertTrue(first.out().contains("4 images and sounds: 3 added, 0 replaced, 0 unchanged, 1 failed"), first.toString());
    assertTrue(first.err().contains("hum.wav") && first.err().contains("audio input for vector 'image'"), first.toString());
    assertTrue(first.err().contains("sky.md") && first.err().contains("no vector 'image'"), first.toString());

    Cli.Result byImage = cli.run("search", "pics", "--image", query.toString(), "--using", "image", "-k", "1", "--json");
    assertEquals(0, byImage.exit(), byImage.toString());
    assertTrue(byImage.out().contains("red.png"), byImage.toString());
    Cli.Result byText = cli.run("search", "pics", "--text", "the blue one", "--using", "clip", "-k", "1");
    assertEquals(0, byText.exit(), byText.toString());
    assertTrue(byText.out().contains("blue.png"), byText.toString());
    Cli.Result wrong = cli.run("search", "pics", "--text", "blue", "--using", "image");
    assertEquals(4, wrong.exit(), wrong.toString());
    assertTrue(wrong.err().contains("not text"), wrong.toString());
    Cli.Result missing = cli.run("search", "pics", "--image", dir.resolve("nope.png").toString());
    assertEquals(3, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("--image") && missing.err().contains("nope.png"), missing.toString());
    Cli.Result both = cli.run("search", "pics", "--image", query.toString(), "--text", "red");
    assertEquals(2, both.exit(), both.toString());

    Cli.Result again = cli.run("ingest", "pics", d.resolve("red.png").toString(), d.resolve("blue.png").toString());
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("2 images and sounds: 0 added, 0 replaced, 2 unchanged, 0 failed"), again.toString());
    assertTrue(!again.out().contains("documents"), again.toString());

    // one joint vector takes documents and images from the same folder
    assertEquals(0, cli.run("create", "mixed", "--config", config("mixed",
        "{\"vectors\":{\"clip\":{\"model\":\"fake-joint\"}}}").toString()).exit());
    Cli.Result mixed = cli.run("ingest", "mixed", d.resolve("sky.md").toString(), d.resolve("green.png").toString());
    assertEquals(0, mixed.exit(), mixed.toString());
    assertTrue(mixed.out().contains("1 documents: 1 added") && mixed.out().contains("1 images and sounds: 1 added"),
        mixed.toString());

    // sounds
    Path sounds = Files.createDirectories(dir.resolve("sounds"));
    Files.write(sounds.resolve("low.wav"), wav(200, 0.3, 0.5));
    Files.write(sounds.resolve("high.wav"), wav(2000, 0.3, 0.5));
    Path probe = Files.write(dir.resolve("probe.wav"), wav(1900, 0.1, 0.5));
    assertEquals(0, cli.run("create", "sounds", "--model", "fake-signal").exit());
    Cli.Result s = cli.run("ingest", "sounds", sounds.toString());
    assertEquals(0, s.exit(), s.toString());
    Cli.Result hit = cli.run("search", "sounds", "--audio", probe.toString(), "-k", "1", "--json");
    assertEquals(0, hit.exit(), hit.toString());
    assertTrue(hit.out().contains("high.wav") && hit.out().contains("duration_seconds"), hit.toString());
    Cli.Result notImage = cli.run("search", "sounds", "--image", query.toString());
    assertEquals(4, notImage.exit(), notImage.toString());
    assertTrue(notImage.err().contains("fake-signal") && notImage.err().contains("not image"), notImage.toString());
    Cli.Result unsupported = cli.run("ingest", "sounds", Files.writeString(dir.resolve("a.tiff"), "x").toString());
    assertEquals(4, unsupported.exit(), unsupported.toString());
    assertTrue(unsupported.err().contains("a.tiff") && unsupported.err().contains(".wav"), unsupported.toString());
  }

  @Test
  void embedded() throws Exception {
    flow(new Cli("--data", dir.resolve("db").toString()));
  }

  @Test
  void throughAServer() throws Exception {
    try (QuiverServer server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("srv")))) {
      flow(new Cli("--url", server.uri().toString()));
    }
  }
}
