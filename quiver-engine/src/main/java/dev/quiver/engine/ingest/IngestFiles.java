package dev.quiver.engine.ingest;

import dev.quiver.embed.ingest.DocumentLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expands paths to the files {@code quiver ingest} stores: documents (for {@link Ingester}) and
 * images and sounds (for {@link MediaIngester}).
 *
 * @param documents .txt, .md, .html, .htm, .pdf files, sorted
 * @param media .png, .jpg, .jpeg, .gif, .bmp, .wav files, sorted
 */
public record IngestFiles(List<Path> documents, List<Path> media) {

  public static final String SUPPORTED = ".txt, .md, .html, .htm, .pdf, " + MediaFile.EXTENSIONS;

  public IngestFiles {
    documents = List.copyOf(documents);
    media = List.copyOf(media);
  }

  public int size() {
    return documents.size() + media.size();
  }

  /**
   * The supported files among {@code paths}, folders walked recursively (hidden files and folders
   * skipped), without duplicates. A file named explicitly must be supported.
   *
   * @throws IllegalArgumentException for a missing path or an explicitly named unsupported file
   */
  public static IngestFiles list(List<Path> paths) {
    TreeSet<Path> docs = new TreeSet<>();
    TreeSet<Path> media = new TreeSet<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("'" + p + "' does not exist");
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile).filter(f -> !hidden(p, f)).forEach(f -> {
            if (DocumentLoader.supports(f)) {
              docs.add(f.normalize());
            } else if (MediaFile.supports(f)) {
              media.add(f.normalize());
            }
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list '" + p + "'", e);
        }
      } else if (DocumentLoader.supports(p)) {
        docs.add(p.normalize());
      } else if (MediaFile.supports(p)) {
        media.add(p.normalize());
      } else {
        throw new IllegalArgumentException("cannot ingest '" + p + "': unsupported file type; supported: "
            + SUPPORTED);
      }
    }
    return new IngestFiles(new ArrayList<>(docs), new ArrayList<>(media));
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
