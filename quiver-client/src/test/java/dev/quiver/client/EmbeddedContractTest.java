package dev.quiver.client;

import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the embedded engine: a fresh database in a temporary folder per test. */
class EmbeddedContractTest extends VectorCollectionContract {

  @TempDir
  Path dir;

  @Override
  protected VectorDatabase openDatabase() throws Exception {
    return Quiver.open(dir.resolve("db"), engineConfig());
  }
}
