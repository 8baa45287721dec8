package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command flow against a real server on a loopback port ({@code --url}). */
class RemoteCommandsTest extends CommandFlowContract {

  static final String KEY = "test-admin-key";

  @TempDir Path data;
  private QuiverServer server;

  @BeforeEach
  void start() throws Exception {
    server = QuiverServer.start(ServerConfig.defaults().withPort(0).withDataDir(data).withAdminApiKey(KEY));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Override
  Cli cli() {
    return new Cli("--url", server.uri().toString(), "--api-key", KEY);
  }

  @Test
  void wrongOrMissingKeyIsExitCodeFive() {
    Cli.Result wrong = new Cli("--url", server.uri().toString(), "--api-key", "nope").run("collections");
    assertEquals(5, wrong.exit(), wrong::toString);
    assertTrue(wrong.err().contains("--api-key"), wrong::toString);
    // QUIVER_API_KEY is not set in the test JVM (or is not this key)
    Cli.Result missing = new Cli("--url", server.uri().toString(), "--api-key", "").run("collections");
    assertEquals(5, missing.exit(), missing::toString);
  }

  @Test
  void noServerIsExitCodeFive() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli.Result r = new Cli("--url", "http://127.0.0.1:" + port).run("collections");
    assertEquals(5, r.exit(), r::toString);
    assertTrue(r.err().contains("quiver serve"), r::toString);
    assertEquals(1, r.err().strip().lines().count(), r::toString);
  }

  @Test
  void badUrlIsAUsageError() {
    assertEquals(2, new Cli("--url", "ftp://x").run("collections").exit());
    assertEquals(2, new Cli("--url", "not a url").run("collections").exit());
  }

  @Test
  void aFolderHeldByTheServerSuggestsUrl() {
    Cli.Result r = new Cli("--data", data.toString()).run("collections");
    assertEquals(5, r.exit(), r::toString);
    assertTrue(r.err().contains("--url"), r::toString);
  }
}
