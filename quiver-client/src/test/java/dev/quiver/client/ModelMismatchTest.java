package dev.quiver.client;

import static dev.quiver.client.VectorCollectionContract.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.ModelMismatchException;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.QuiverConfig;
import dev.quiver.engine.SearchRequest;
import dev.quiver.engine.VectorDatabase;
import dev.quiver.engine.VectorParams;
import dev.quiver.server.QuiverServer;
import dev.quiver.server.ServerConfig;
import dev.quiver.storage.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collection bound to model version 1 opened where version 2 is installed: the same exception both ways. */
class ModelMismatchTest {

  @TempDir
  Path dir;

  static QuiverConfig engine(String version) {
    return QuiverConfig.defaults().withDurability(Durability.NONE).withModels(WordHashModel.provider(version));
  }

  @SuppressWarnings("try") // VectorDatabase.close() throws Exception
  private static String createThenSearchAgainAfterUpgrade(VectorDatabase v1, java.util.function.Supplier<VectorDatabase> v2)
      throws Exception {
    try (v1) {
      v1.createCollection("docs", CollectionConfig.single(VectorParams.forModel(WordHashModel.NAME)))
          .upsert(new dev.quiver.engine.Point(dev.quiver.engine.PointId.of(1), null,
              VectorCollectionContract.json("{'text': 'hello world'}")));
    }
    try (VectorDatabase db = v2.get()) {
      assertEquals(1, db.collection("docs").count(null)); // reads that need no model still work
      return assertFails(ModelMismatchException.class,
          () -> db.collection("docs").search(SearchRequest.ofText("hello", 1)), "version 1", "version 2").getMessage();
    }
  }

  @Test
  void embeddedAndRemoteRefuseTheSameWay() throws Exception {
    Path e = dir.resolve("embedded");
    String embedded = createThenSearchAgainAfterUpgrade(Quiver.open(e, engine("1")), () -> {
      try {
        return Quiver.open(e, engine("2"));
      } catch (java.io.IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    });

    Path r = dir.resolve("remote");
    QuiverServer[] server = {QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withDataDir(r).withEngine(engine("1")))};
    try {
      String remote = createThenSearchAgainAfterUpgrade(new ClosingClient(server[0]), () -> {
        try {
          server[0] = QuiverServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
              .withDataDir(r).withEngine(engine("2")));
          return new ClosingClient(server[0]);
        } catch (java.io.IOException x) {
          throw new java.io.UncheckedIOException(x);
        }
      });
      assertEquals(embedded, remote);
    } finally {
      server[0].close();
    }
  }

  /** A client that stops its server when closed, so both sides close the database between the phases. */
  static final class ClosingClient implements VectorDatabase {
    private final QuiverServer server;
    private final QuiverClient client;

    ClosingClient(QuiverServer server) {
      this.server = server;
      this.client = QuiverClient.connect(server.uri());
    }

    @Override
    public dev.quiver.engine.VectorCollection createCollection(String name, CollectionConfig config) {
      return client.createCollection(name, config);
    }

    @Override
    public dev.quiver.engine.VectorCollection collection(String name) {
      return client.collection(name);
    }

    @Override
    public boolean hasCollection(String name) {
      return client.hasCollection(name);
    }

    @Override
    public java.util.List<String> collectionNames() {
      return client.collectionNames();
    }

    @Override
    public void deleteCollection(String name) {
      client.deleteCollection(name);
    }

    @Override
    public void close() throws java.io.IOException {
      client.close();
      server.close();
    }
  }
}
