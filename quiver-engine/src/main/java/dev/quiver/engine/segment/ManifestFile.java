package dev.quiver.engine.segment;

import dev.quiver.storage.ChecksummedFileReader;
import dev.quiver.storage.ChecksummedFileWriter;
import dev.quiver.storage.CorruptFileException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code manifest-<generation, 20 digits>} files (format: docs/storage-format.md,
 * "Manifest"). A manifest is written to a temporary file, fsynced, renamed into place and the
 * folder fsynced ({@link ChecksummedFileWriter#commit}), so a manifest file that exists is
 * complete; a damaged one is refused, never skipped for an older one, since the files the older one
 * names may already be gone.
 */
public final class ManifestFile {

  static final int MAGIC = 0x51564D46; // "QVMF"
  static final int VERSION = 1;
  static final String PREFIX = "manifest-";

  private ManifestFile() {}

  public static String fileName(long generation) {
    return PREFIX + String.format("%020d", generation);
  }

  /** Writes {@code m} durably into {@code dir}; returns its path. Older manifests are left to the caller. */
  public static Path write(Path dir, Manifest m) throws IOException {
    Path file = dir.resolve(fileName(m.generation()));
    try (ChecksummedFileWriter out = ChecksummedFileWriter.create(file, MAGIC, VERSION)) {
      out.writeLong(m.generation());
      out.writeLong(m.walLsn());
      out.writeInt(m.nextSegment());
      out.writeInt(m.payloadSchema().size());
      for (Map.Entry<String, String> e : m.payloadSchema().entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
      out.writeInt(m.segments().size());
      for (Manifest.SegmentEntry s : m.segments()) {
        out.writeInt(s.number());
        out.writeInt(s.points());
        out.writeLong(s.deletionGeneration());
        out.writeInt(s.deleted());
        out.writeLong(s.minLsn());
        out.writeLong(s.maxLsn());
      }
      out.commit();
    }
    return file;
  }

  /** Reads one manifest file, checking its checksum before returning anything. */
  public static Manifest read(Path file) throws IOException {
    long expected = generationOf(file);
    try (ChecksummedFileReader in = ChecksummedFileReader.open(file, MAGIC, VERSION)) {
      in.section("the header");
      long generation = in.readLong();
      long walLsn = in.readLong();
      int nextSegment = in.readInt();
      in.section("the payload schema");
      int fields = in.readInt();
      Map<String, String> schema = new LinkedHashMap<>();
      for (int i = 0; i < fields; i++) {
        schema.put(in.readString(), in.readString());
      }
      in.section("the segment list");
      int count = in.readInt();
      if (count < 0) {
        throw new CorruptFileException(file + ": segment count " + count + " at offset " + (in.position() - 4)
            + " is negative");
      }
      List<Manifest.SegmentEntry> segments = new ArrayList<>(Math.min(count, 1 << 16));
      List<Long> offsets = new ArrayList<>();
      List<long[]> raw = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        offsets.add(in.position());
        raw.add(new long[] {in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readLong(), in.readLong()});
      }
      in.verifyFooter();
      // Only now, with the checksum good, are the values worth judging.
      if (generation != expected) {
        throw new CorruptFileException(file + " holds generation " + generation + " but is named for " + expected);
      }
      for (int i = 0; i < count; i++) {
        long[] r = raw.get(i);
        try {
          segments.add(new Manifest.SegmentEntry((int) r[0], (int) r[1], r[2], (int) r[3], r[4], r[5]));
        } catch (IllegalArgumentException e) {
          throw new CorruptFileException(file + ": segment entry " + i + " at offset " + offsets.get(i) + " is "
              + e.getMessage());
        }
      }
      try {
        return new Manifest(generation, walLsn, nextSegment, schema, segments);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(file + ": " + e.getMessage());
      }
    }
  }

  /** The manifest files in {@code dir}, oldest first (temporary files excluded). */
  public static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path p : ds) {
        if (!p.getFileName().toString().endsWith(".tmp")) {
          generationOf(p); // a stray name is an error, not a file to overlook
          out.add(p);
        }
      }
    }
    out.sort(java.util.Comparator.comparing(p -> p.getFileName().toString())); // 20 digits: name order is number order
    return out;
  }

  /** The newest manifest in {@code dir}, or null when there is none. */
  public static Manifest readNewest(Path dir) throws IOException {
    List<Path> all = list(dir);
    return all.isEmpty() ? null : read(all.get(all.size() - 1));
  }

  static long generationOf(Path file) throws CorruptFileException {
    String name = file.getFileName().toString();
    String digits = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : "";
    if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new CorruptFileException(file + " is not a manifest name: expected " + PREFIX
          + "<generation as 20 digits>, e.g. " + fileName(1) + "; move the file away if it is not Quiver's");
    }
    return Long.parseLong(digits);
  }
}
