package dev.quiver.client;

import dev.quiver.engine.VectorDatabase;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract against {@link QuiverClient} talking to a real server on loopback. One server per
 * class (collection names are unique per test), a new client per test.
 */
class RemoteContractTest extends VectorCollectionContract {

  @TempDir
  static Path dir;
  static QuiverServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withDataDir(dir.resolve("data")).withEngine(engineConfig()));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected VectorDatabase openDatabase() {
    return QuiverClient.connect(server.uri());
  }
}
