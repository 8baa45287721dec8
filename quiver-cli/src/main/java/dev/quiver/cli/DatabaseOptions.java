package dev.quiver.cli;

import dev.quiver.client.QuiverClient;
import dev.quiver.engine.Quiver;
import dev.quiver.storage.FolderInUseException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every data command shares (a picocli mixin): where the database is, embedded
 * ({@code --data}) or remote ({@code --url}), and {@code --verbose}.
 */
final class DatabaseOptions {

  static final String DEFAULT_DATA = "quiver-data";

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data folder opened in this process (default: ./" + DEFAULT_DATA
          + ", or $QUIVER_DATA). Not while a server holds it: use --url then.")
  Path data;

  @Option(names = "--url", paramLabel = "URL",
      description = "Talk to a running server instead, e.g. http://127.0.0.1:7333")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:QUIVER_API_KEY}",
      description = "API key for --url (default: $QUIVER_API_KEY)")
  String apiKey;

  @Option(names = "--verbose", description = "Print stack traces of errors")
  boolean verbose;

  /**
   * Opens the folder or connects to the server.
   *
   * @throws CliException with exit code 5 when the folder is held by another process
   */
  Database open() throws IOException {
    if (url != null && data != null) {
      throw new CliException(ExitCodes.USAGE, "give either --data or --url, not both");
    }
    if (url != null) {
      URI uri;
      try {
        uri = new URI(url.trim());
      } catch (URISyntaxException e) {
        throw new CliException(ExitCodes.USAGE, "--url '" + url + "' is not a URL; expected e.g. http://127.0.0.1:7333");
      }
      if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
        throw new CliException(ExitCodes.USAGE, "--url '" + url + "' is not an http(s) URL; expected e.g. http://127.0.0.1:7333");
      }
      QuiverClient.Builder b = QuiverClient.builder(uri);
      if (apiKey != null && !apiKey.isBlank()) {
        b.apiKey(apiKey.trim());
      }
      return new Database.Remote(b.build());
    }
    Path folder = data != null ? data : defaultFolder();
    try {
      return new Database.Embedded(Quiver.open(folder));
    } catch (FolderInUseException e) {
      throw new CliException(ExitCodes.UNAVAILABLE, e.getMessage()
          + "; if that is a running server, use --url http://127.0.0.1:7333 (or its address) instead of --data");
    }
  }

  private static Path defaultFolder() {
    String env = System.getenv("QUIVER_DATA");
    return Path.of(env == null || env.isBlank() ? DEFAULT_DATA : env.trim());
  }
}
