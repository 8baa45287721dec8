package dev.quiver.engine.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.embed.Modality;
import dev.quiver.engine.MediaInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * An image or sound file to store as one point: its bytes, what they are (by extension), and the
 * metadata that goes into the point's payload. Width, height and duration are read from the file's
 * header only (no decoding); when the header cannot be read they are left out, and the model that
 * decodes the bytes reports the problem.
 *
 * @param source the file's name or path as given: the point's {@code source}
 * @param modality image or audio
 * @param mediaType e.g. {@code image/png}, {@code audio/wav}
 * @param bytes the file
 * @param contentHash SHA-256 of the bytes, hex
 */
public record MediaFile(String source, Modality modality, String mediaType, byte[] bytes, String contentHash) {

  /** Payload fields of a media point. */
  public static final String SOURCE = "source";
  public static final String MEDIA = "media";
  public static final String MEDIA_TYPE = "media_type";
  public static final String CONTENT_HASH = "content_hash";
  public static final String SIZE_BYTES = "size_bytes";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String DURATION_SECONDS = "duration_seconds";

  private static final Map<String, String> TYPES = Map.of(
      "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif",
      "bmp", "image/bmp", "wav", "audio/wav");

  /** The supported extensions, for messages. */
  public static final String EXTENSIONS = ".png, .jpg, .jpeg, .gif, .bmp, .wav";

  public MediaFile {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("'" + source + "' is empty; expected the bytes of a "
          + (modality == Modality.AUDIO ? "WAV file" : "PNG, JPEG, GIF or BMP file"));
    }
  }

  /** Whether {@code fileName}'s extension is an image or sound this class reads. */
  public static boolean supports(String fileName) {
    return TYPES.containsKey(extension(fileName));
  }

  public static boolean supports(Path file) {
    return supports(file.getFileName().toString());
  }

  /** The modality of a supported file name. */
  public static Modality modalityOf(String fileName) {
    String type = TYPES.get(extension(fileName));
    if (type == null) {
      throw new IllegalArgumentException("cannot read '" + fileName + "' as media: unsupported file type;"
          + " supported: " + EXTENSIONS);
    }
    return type.startsWith("image/") ? Modality.IMAGE : Modality.AUDIO;
  }

  /** The file named {@code name} (its extension gives the type) with these bytes: an upload. */
  public static MediaFile of(String name, byte[] bytes) {
    Modality m = modalityOf(name);
    return new MediaFile(name, m, TYPES.get(extension(name)), bytes, sha256(bytes));
  }

  /** Reads a file; its path as given becomes the source. */
  public static MediaFile load(Path file) {
    modalityOf(file.getFileName().toString());
    try {
      return of(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  public MediaInput input() {
    return new MediaInput(modality, bytes);
  }

  /** {@code source, media, media_type, content_hash, size_bytes} and width/height or duration. */
  public ObjectNode payload() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put(SOURCE, source);
    p.put(MEDIA, modality.wireName());
    p.put(MEDIA_TYPE, mediaType);
    p.put(CONTENT_HASH, contentHash);
    p.put(SIZE_BYTES, bytes.length);
    if (modality == Modality.IMAGE) {
      int[] size = imageSize(bytes);
      if (size != null) {
        p.put(WIDTH, size[0]);
        p.put(HEIGHT, size[1]);
      }
    } else {
      double seconds = wavSeconds(bytes);
      if (seconds >= 0) {
        p.put(DURATION_SECONDS, Math.round(seconds * 1000) / 1000.0);
      }
    }
    return p;
  }

  /** Width and height from the image header, or null. */
  static int[] imageSize(byte[] bytes) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in, true, true);
        return new int[] {r.getWidth(0), r.getHeight(0)};
      } finally {
        r.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Seconds of sound from the WAV header, or -1. */
  static double wavSeconds(byte[] bytes) {
    try {
      AudioFileFormat f = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(bytes));
      float rate = f.getFormat().getFrameRate();
      long frames = f.getFrameLength();
      return rate > 0 && frames >= 0 ? frames / (double) rate : -1;
    } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
      return -1;
    }
  }

  static String extension(String fileName) {
    String f = fileName == null ? "" : fileName.replace('\\', '/');
    f = f.substring(f.lastIndexOf('/') + 1);
    int dot = f.lastIndexOf('.');
    return dot <= 0 ? "" : f.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
