package dev.quiver.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.engine.CollectionConfig;
import dev.quiver.engine.Point;
import dev.quiver.engine.PointId;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSV with a header (RFC 4180 quoting, quoted fields may span lines). Columns: the id
 * ({@code --id-column}, default {@code id}); the vector, either one column holding a JSON array or
 * floats separated by spaces or semicolons ({@code --vector-column}, default {@code vector}), or
 * columns {@code v0..vN}; for named vectors one column per name ({@code vector.NAME} or
 * {@code NAME}). Every other column is payload: integers and decimals become numbers, empty cells
 * are left out, the rest are strings.
 */
final class CsvSource implements PointSource {

  private static final Pattern COMPONENT = Pattern.compile("v(\\d+)");
  /** Integers without leading zeros: "02139" (a postcode) stays a string. */
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9]\\d{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?((0|[1-9]\\d*)(\\.\\d+)?|\\.\\d+)([eE][-+]?\\d+)?");

  private final BufferedReader in;
  private final char separator;
  private long line;
  private long recordLine;
  private String[] header;
  private int idColumn;
  /** Vector name to the one column holding it. */
  private final Map<String, Integer> vectorColumns = new LinkedHashMap<>();
  /** Columns v0..vN of the default vector, in component order; empty if not used. */
  private int[] componentColumns = new int[0];
  private final List<Integer> payloadColumns = new ArrayList<>();

  CsvSource(BufferedReader in, char separator, CollectionConfig config, String idColumnName,
      String vectorColumnName) throws IOException {
    this.in = in;
    this.separator = separator;
    List<String> names = readRecord();
    if (names == null) {
      throw new CliException(ExitCodes.INVALID_INPUT, "CSV is empty; expected a header line such as id,vector,title");
    }
    header = names.stream().map(String::trim).toArray(String[]::new);
    if (header.length > 0 && header[0].startsWith("\uFEFF")) {
      header[0] = header[0].substring(1);
    }
    idColumn = indexOf(idColumnName);
    if (idColumn < 0) {
      throw new CliException(ExitCodes.INVALID_INPUT, "CSV header has no id column '" + idColumnName
          + "' (columns: " + String.join(", ", header) + "); name it with --id-column");
    }
    boolean single = config.vectors().size() == 1 && config.vectors().containsKey(CollectionConfig.DEFAULT_VECTOR);
    java.util.Set<Integer> used = new java.util.HashSet<>();
    used.add(idColumn);
    if (single) {
      int c = indexOf(vectorColumnName);
      if (c >= 0) {
        vectorColumns.put(CollectionConfig.DEFAULT_VECTOR, c);
        used.add(c);
      } else {
        TreeMap<Integer, Integer> components = new TreeMap<>();
        for (int i = 0; i < header.length; i++) {
          Matcher m = COMPONENT.matcher(header[i]);
          if (m.matches()) {
            components.put(Integer.parseInt(m.group(1)), i);
          }
        }
        if (!components.isEmpty()) {
          if (components.firstKey() != 0 || components.lastKey() != components.size() - 1) {
            throw new CliException(ExitCodes.INVALID_INPUT, "CSV vector columns must be v0..v" + (components.size() - 1)
                + " without gaps; found " + components.keySet().stream().map(k -> "v" + k).toList());
          }
          componentColumns = components.values().stream().mapToInt(Integer::intValue).toArray();
          used.addAll(components.values());
        } else if (config.vectors().get(CollectionConfig.DEFAULT_VECTOR).model() == null) {
          throw new CliException(ExitCodes.INVALID_INPUT, "CSV header has no vector column '" + vectorColumnName
              + "' and no v0..vN columns (columns: " + String.join(", ", header) + "); name it with --vector-column");
        }
      }
    } else {
      for (String name : config.vectors().keySet()) {
        int c = indexOf("vector." + name);
        if (c < 0) {
          c = indexOf(name);
        }
        if (c >= 0) {
          vectorColumns.put(name, c);
          used.add(c);
        }
      }
      if (vectorColumns.isEmpty()) {
        throw new CliException(ExitCodes.INVALID_INPUT, "CSV header has no column for the vectors "
            + config.vectors().keySet() + "; expected columns named vector.NAME or NAME");
      }
    }
    for (int i = 0; i < header.length; i++) {
      if (!used.contains(i)) {
        payloadColumns.add(i);
      }
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Item next() throws IOException {
    List<String> cells;
    do {
      cells = readRecord();
      if (cells == null) {
        return null;
      }
    } while (cells.size() == 1 && cells.get(0).isBlank());
    long at = recordLine;
    if (cells.size() != header.length) {
      return Item.bad(at, "has " + cells.size() + " columns, the header has " + header.length);
    }
    try {
      PointId id = PointId.parse(cells.get(idColumn).trim());
      Map<String, float[]> vectors = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : vectorColumns.entrySet()) {
        String text = cells.get(e.getValue());
        if (text.isBlank()) {
          continue; // allowed for model-bound vectors; the collection check reports the others
        }
        vectors.put(e.getKey(), VectorText.parse(text));
      }
      if (componentColumns.length > 0) {
        float[] v = new float[componentColumns.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = VectorText.component(cells.get(componentColumns[i]), i);
        }
        vectors.put(CollectionConfig.DEFAULT_VECTOR, v);
      }
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      for (int c : payloadColumns) {
        String cell = cells.get(c);
        if (!cell.isEmpty()) {
          typed(payload, header[c], cell);
        }
      }
      return Item.ok(at, new Point(id, vectors, payload));
    } catch (IllegalArgumentException e) {
      return Item.bad(at, e.getMessage());
    }
  }

  private static void typed(ObjectNode payload, String key, String cell) {
    String t = cell.trim();
    if (INTEGER.matcher(t).matches()) {
      payload.put(key, Long.parseLong(t));
    } else if (DECIMAL.matcher(t).matches()) {
      double d = Double.parseDouble(t);
      if (Double.isFinite(d)) {
        payload.put(key, d);
      } else {
        payload.put(key, new BigDecimal(t));
      }
    } else {
      payload.put(key, cell);
    }
  }

  /** One record's cells, or null at the end; quoted cells may contain separators, quotes ("") and newlines. */
  private List<String> readRecord() throws IOException {
    String text = in.readLine();
    if (text == null) {
      return null;
    }
    line++;
    recordLine = line;
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i == text.length()) {
        if (quoted) {
          String more = in.readLine();
          if (more == null) {
            throw new CliException(ExitCodes.INVALID_INPUT, "line " + recordLine + ": a quoted field is never closed");
          }
          line++;
          cell.append('\n');
          text = more;
          i = 0;
          continue;
        }
        cells.add(cell.toString());
        return cells;
      }
      char ch = text.charAt(i++);
      if (quoted) {
        if (ch == '"') {
          if (i < text.length() && text.charAt(i) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cell.append(ch);
        }
      } else if (ch == '"' && cell.toString().isBlank()) {
        cell.setLength(0);
        quoted = true;
      } else if (ch == separator) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
  }
}
