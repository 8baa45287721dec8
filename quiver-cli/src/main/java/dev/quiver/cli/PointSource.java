package dev.quiver.cli;

import dev.quiver.engine.Point;
import java.io.IOException;

/** Points read from a file, one record at a time; a bad record is reported, not thrown. */
interface PointSource {

  /** One record: a point, or the reason it is not one. */
  record Item(long line, Point point, String error) {
    static Item ok(long line, Point p) {
      return new Item(line, p, null);
    }

    static Item bad(long line, String error) {
      return new Item(line, null, error);
    }
  }

  /** The next record, or null at the end. */
  Item next() throws IOException;
}
