package dev.quiver.engine.recommend;

import dev.quiver.engine.PointId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One example of what is wanted (or not): a stored point by id, a raw vector, or a text embedded
 * with the model the searched vector is bound to.
 */
public sealed interface Example permits Example.Id, Example.Vector, Example.Text {

  /** A point of the collection; its stored vector is the example. */
  record Id(PointId id) implements Example {
    public Id {
      if (id == null) {
        throw new IllegalArgumentException("example id must not be null");
      }
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  /** A raw vector of the searched vector's dimension. */
  record Vector(float[] vector) implements Example {
    public Vector {
      if (vector == null || vector.length == 0) {
        throw new IllegalArgumentException("example vector must not be empty");
      }
      for (int i = 0; i < vector.length; i++) {
        if (!Float.isFinite(vector[i])) {
          throw new IllegalArgumentException("example vector[" + i + "] is " + vector[i] + "; expected a finite number");
        }
      }
      vector = vector.clone();
    }

    @Override
    public float[] vector() {
      return vector.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Vector v && Arrays.equals(vector, v.vector);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
      return "vector" + (vector.length <= 4 ? Arrays.toString(vector) : "[" + vector.length + " dims]");
    }
  }

  /** Words, embedded with the model the searched vector is bound to (a model-bound collection only). */
  record Text(String text) implements Example {
    public Text {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("example text must not be empty");
      }
    }

    @Override
    public String toString() {
      return "\"" + text + "\"";
    }
  }

  static Example of(long id) {
    return new Id(PointId.of(id));
  }

  static Example of(PointId id) {
    return new Id(id);
  }

  static Example of(float[] vector) {
    return new Vector(vector);
  }

  static Example text(String text) {
    return new Text(text);
  }

  /** Examples for numeric ids. */
  static List<Example> ids(long... ids) {
    List<Example> out = new ArrayList<>(ids.length);
    for (long id : ids) {
      out.add(of(id));
    }
    return out;
  }

  /** Examples for these ids. */
  static List<Example> ids(List<PointId> ids) {
    return ids.stream().<Example>map(Id::new).toList();
  }
}
