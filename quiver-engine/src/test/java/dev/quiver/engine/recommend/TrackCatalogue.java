package dev.quiver.engine.recommend;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.core.vector.Metric;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.Quiver;
import dev.quiver.engine.VectorCollection;
import dev.quiver.engine.VectorParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated music catalogue with known structure: track {@code i} has genre {@code i % 6} and mood
 * {@code (i / 6) % 4}, its vector is the genre's direction plus the mood's direction plus a little
 * noise, and its payload holds {@code genre}, {@code mood}, {@code year} and {@code title}. So the
 * tracks of one (genre, mood) cell cluster, and each mood is a shared direction across genres.
 */
final class TrackCatalogue {

  static final List<String> GENRES = List.of("rock", "jazz", "electronic", "classical", "hiphop", "folk");
  static final List<String> MOODS = List.of("happy", "sad", "energetic", "calm");
  static final int DIM = 32;
  static final int SIZE = 600;

  final float[][] genreDirections = new float[GENRES.size()][];
  final float[][] moodDirections = new float[MOODS.size()][];
  final float[][] vectors = new float[SIZE][];

  TrackCatalogue(long seed) {
    Random r = new Random(seed);
    for (int g = 0; g < genreDirections.length; g++) {
      genreDirections[g] = unit(r);
    }
    for (int m = 0; m < moodDirections.length; m++) {
      moodDirections[m] = unit(r);
    }
    for (int i = 0; i < SIZE; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = genreDirections[genre(i)][d] + moodDirections[mood(i)][d] + (float) (r.nextGaussian() * 0.06);
      }
      vectors[i] = v;
    }
  }

  static int genre(long id) {
    return (int) (id % GENRES.size());
  }

  static int mood(long id) {
    return (int) ((id / GENRES.size()) % MOODS.size());
  }

  static int year(long id) {
    return 1970 + (int) ((id * 7919) % 55);
  }

  static String genreOf(long id) {
    return GENRES.get(genre(id));
  }

  static String moodOf(long id) {
    return MOODS.get(mood(id));
  }

  /** The first {@code n} track ids of this genre and mood. */
  static List<Long> ids(String genre, String mood, int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < SIZE && out.size() < n; i++) {
      if (genreOf(i).equals(genre) && moodOf(i).equals(mood)) {
        out.add(i);
      }
    }
    return out;
  }

  static long id(String genre, String mood) {
    return ids(genre, mood, 1).get(0);
  }

  /** The unit-length centre of a (genre, mood) cell. */
  float[] centre(String genre, String mood) {
    float[] c = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      c[d] = genreDirections[GENRES.indexOf(genre)][d] + moodDirections[MOODS.indexOf(mood)][d];
    }
    return Metric.normalize(c);
  }

  VectorCollection load(Quiver db, String name, Metric metric) {
    VectorCollection c = db.createCollection(name, CollectionConfig.single(VectorParams.of(DIM, metric)));
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.put("genre", genreOf(i)).put("mood", moodOf(i)).put("year", year(i)).put("title", "track " + i);
      points.add(Point.of(i, vectors[i], p));
    }
    c.upsert(points);
    return c;
  }

  private static float[] unit(Random r) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) r.nextGaussian();
    }
    return Metric.normalize(v);
  }
}
