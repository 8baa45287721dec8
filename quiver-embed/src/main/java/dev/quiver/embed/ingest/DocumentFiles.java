package dev.quiver.embed.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Expands paths to the documents under them. */
public final class DocumentFiles {

  private DocumentFiles() {}

  /**
   * The supported files among {@code paths}, folders walked recursively (hidden files and folders
   * skipped), sorted, without duplicates. A file named explicitly must be supported.
   *
   * @throws IllegalArgumentException for a missing path or an explicitly named unsupported file
   */
  public static List<Path> list(List<Path> paths) {
    TreeSet<Path> out = new TreeSet<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("'" + p + "' does not exist");
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> !hidden(p, f))
              .filter(DocumentLoader::supports)
              .forEach(f -> out.add(f.normalize()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list '" + p + "'", e);
        }
      } else if (DocumentLoader.supports(p)) {
        out.add(p.normalize());
      } else {
        throw new IllegalArgumentException("cannot ingest '" + p + "': unsupported file type; supported:"
            + " .txt, .md, .html, .htm, .pdf");
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean hidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
